package org.sentimentstream.trainer.testutils;

import org.sentimentstream.model.GoldenExamples;
import org.sentimentstream.model.ModelMetadata;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Models that must not serve, made from a good one: each in a new directory. */
public final class BrokenModels {
    private BrokenModels() {}

    /** A copy of {@code good} whose saved_model.pb is not a protobuf. */
    public static Path corruptGraph(Path good, Path target) throws IOException {
        copy(good, target);
        Files.writeString(target.resolve("saved_model.pb"), "definitely not a protobuf");
        return target;
    }

    /** A copy of {@code good} whose golden.jsonl expects other logits. */
    public static Path goldenMismatch(Path good, Path target) throws IOException {
        copy(good, target);
        GoldenExamples golden = GoldenExamples.read(target);
        new GoldenExamples(golden.examples().stream()
                .map(e -> new GoldenExamples.Example(e.text(), e.logit() + 0.5f)).toList()).write(target);
        return target;
    }

    /** A SavedModel mapping {@code sentence} to {@code scores}, with {@code good}'s metadata and golden file. */
    public static Path wrongSignature(Path good, Path target) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input("sentence", input)
                    .output("scores", tf.strings.stringLength(input)).build();
            SavedModelBundle.exporter(target.toString()).withSession(session).withSignature(signature).export();
        }
        for (String file : List.of(ModelMetadata.FILE, GoldenExamples.FILE)) {
            Files.copy(good.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path dest = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
