package org.sentimentstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./sentiment predict}: one review per line in, one JSON line per review out. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score reviews, one per line, from a file or stdin; writes one JSON line per review: "
                + "{\"probability\": 0.93, \"label\": \"positive\", \"logit\": 2.6}.")
final class PredictCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = SentimentCli.DEFAULT_MODEL_DIR,
            description = "Model to serve (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--input", paramLabel = "FILE", description = "Reviews, one per line (default: stdin).")
    Path input;

    @Option(names = "--batch-size", defaultValue = "256",
            description = "Reviews per TensorFlow call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (input != null && !Files.isRegularFile(input)) {
            throw new NoSuchFileException("input file not found: " + input);
        }
        try (SentimentModel model = SentimentModel.load(modelDir);
                BufferedReader reader = input == null
                        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            // not closed: closing would close System.out
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            List<String> batch = new ArrayList<>(batchSize);
            String line;
            while ((line = reader.readLine()) != null) {
                batch.add(line);
                if (batch.size() == batchSize) {
                    write(model.predict(batch), out);
                    batch.clear();
                }
            }
            write(model.predict(batch), out);
        }
        return 0;
    }

    private static void write(List<Prediction> predictions, BufferedWriter out) throws IOException {
        for (Prediction p : predictions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("probability", p.probability());
            row.put("label", p.label());
            row.put("logit", p.logit());
            out.write(JSON.writeValueAsString(row));
            out.newLine();
        }
        out.flush();
    }
}
