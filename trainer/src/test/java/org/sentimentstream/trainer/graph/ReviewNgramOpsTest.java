package org.sentimentstream.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The two ops of {@code model/src/main/c/review_ngrams.c} against each other and against bad inputs: the served
 * op's sums must be exactly the table rows of the training op's features.
 */
class ReviewNgramOpsTest {
    private static final int BITS = 10;
    private static final int DIMS = 4;
    private static final List<String> TEXTS = List.of("Great movie, GREAT cast!", "", "<br /><br />",
            "a b c d", "awful awful awful", "10/10 would watch again " + "again ".repeat(5000), "это ужасно 😀");

    @BeforeAll
    static void loadOps() {
        TensorFlowRuntime.engine();
    }

    @Test
    void sumsAreTheTableRowsOfTheFeatures() {
        float[] table = new float[(1 << BITS) * DIMS];
        Random random = new Random(7);
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextInt(1000) / 8f; // exact in float, so sums do not depend on the order
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TString> texts = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            FeatureSpec spec = new FeatureSpec(1 << BITS, 3);
            TextFeatures features = TextFeatures.of(tf, texts, spec);
            Operation sums = spec.op(tf, ServedNetwork.OP, "sums", texts)
                    .addInput(tf.constant(Shape.of(1 << BITS, DIMS), DataBuffers.of(table)).asOutput()).build();
            try (Session session = new Session(g);
                    TString x = TString.vectorOf(TEXTS.toArray(new String[0]));
                    Result r = session.runner().feed(texts, x).fetch(features.rows()).fetch(features.buckets())
                            .fetch(features.counts()).fetch(sums.output(0)).fetch(sums.output(1)).run()) {
                TInt64 rows = (TInt64) r.get(0);
                TInt64 buckets = (TInt64) r.get(1);
                float[] expected = new float[TEXTS.size() * DIMS];
                float[] expectedCounts = new float[TEXTS.size()];
                long previous = 0;
                for (long i = 0; i < rows.size(); i++) {
                    int row = (int) rows.getLong(i);
                    assertTrue(row >= previous, "rows ascend");
                    previous = row;
                    expectedCounts[row]++;
                    for (int d = 0; d < DIMS; d++) {
                        expected[row * DIMS + d] += table[(int) buckets.getLong(i) * DIMS + d];
                    }
                }
                assertArrayEquals(expectedCounts, TrainingGraph.floats((TFloat32) r.get(2)));
                assertArrayEquals(expectedCounts, TrainingGraph.floats((TFloat32) r.get(4)));
                assertArrayEquals(new float[] {0, 0, 4 + 3 + 2}, new float[] {expectedCounts[1], expectedCounts[2],
                        expectedCounts[3]});
                TFloat32 got = (TFloat32) r.get(3);
                assertEquals(Shape.of(TEXTS.size(), DIMS), got.shape());
                assertArrayEquals(expected, TrainingGraph.floats(got));
            }
        }
    }

    @Test
    void aTableOfTheWrongSizeIsRefused() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operation sums = tf.scope().opBuilder(ServedNetwork.OP, "sums")
                    .addInput(tf.constant(StandardCharsets.UTF_8, new String[] {"fine"}).asOutput())
                    .addInput(tf.zeros(tf.constant(new long[] {(1 << BITS) - 1, DIMS}), TFloat32.class).asOutput())
                    .setAttr("bucket_bits", (long) BITS).setAttr("max_ngram", 2L).build();
            try (Session session = new Session(g)) {
                TFInvalidArgumentException e = assertThrows(TFInvalidArgumentException.class,
                        () -> session.runner().fetch(sums.output(0)).run().close());
                assertTrue(e.getMessage().contains("2^bucket_bits rows"), e.getMessage());
            }
        }
    }

    @Test
    void textsMustBeAVectorAndSettingsInRange() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operation matrix = tf.scope().opBuilder(TextFeatures.OP, "matrix")
                    .addInput(tf.constant(Shape.of(1, 1), DataBuffers.ofObjects("a")).asOutput())
                    .setAttr("bucket_bits", (long) BITS).setAttr("max_ngram", 2L).build();
            Operation nineGrams = tf.scope().opBuilder(TextFeatures.OP, "nine")
                    .addInput(tf.constant(StandardCharsets.UTF_8, new String[] {"a"}).asOutput())
                    .setAttr("bucket_bits", (long) BITS).setAttr("max_ngram", 9L).build();
            try (Session session = new Session(g)) {
                TFInvalidArgumentException vector = assertThrows(TFInvalidArgumentException.class,
                        () -> session.runner().fetch(matrix.output(2)).run().close());
                assertTrue(vector.getMessage().contains("texts must be a vector"), vector.getMessage());
                TFInvalidArgumentException ngrams = assertThrows(TFInvalidArgumentException.class,
                        () -> session.runner().fetch(nineGrams.output(2)).run().close());
                assertTrue(ngrams.getMessage().contains("max_ngram 1..8"), ngrams.getMessage());
            }
        }
    }

    @Test
    void theTableIsMovedOntoHugePages() throws IOException {
        Path rollup = Path.of("/proc/self/smaps_rollup");
        assumeTrue(Files.isReadable(rollup) && linuxAtLeast(6, 1), "MADV_COLLAPSE needs Linux 6.1");
        int bits = 20;
        int dims = 8; // 32 MB: at least 15 whole 2 MB pages wherever the allocator puts it
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operation sums = tf.scope().opBuilder(ServedNetwork.OP, "sums")
                    .addInput(tf.constant(StandardCharsets.UTF_8, new String[] {"fine"}).asOutput())
                    .addInput(tf.constant(Shape.of(1L << bits, dims), DataBuffers.of(new float[dims << bits]))
                            .asOutput()) // a constant: the table outlives the run, as a served model's does
                    .setAttr("bucket_bits", (long) bits).setAttr("max_ngram", 2L).build();
            try (Session session = new Session(g)) {
                long before = anonHugePagesKb(rollup);
                session.runner().fetch(sums.output(0)).run().close();
                long gained = anonHugePagesKb(rollup) - before;
                assertTrue(gained >= 15 * 2048, "huge pages gained: " + gained + " kB");
            }
        }
    }

    private static long anonHugePagesKb(Path rollup) throws IOException {
        return Files.readAllLines(rollup).stream().filter(l -> l.startsWith("AnonHugePages:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).sum();
    }

    private static boolean linuxAtLeast(int major, int minor) {
        String[] version = System.getProperty("os.version").split("[.-]");
        int got = Integer.parseInt(version[0]) * 1000 + Integer.parseInt(version[1]);
        return System.getProperty("os.name").equals("Linux") && got >= major * 1000 + minor;
    }
}
