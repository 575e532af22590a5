package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./sentiment sql -f FILE} runs CREATE MODEL and an ML_PREDICT query on the local Flink and prints rows. */
class SqlCommandITCase {
    private static final Map<String, String> REVIEWS = new LinkedHashMap<>(Map.of(
            "r1", "A wonderful film; the cast is superb and the story moved me.",
            "r2", "Dull, predictable and far too long. I want my evening back.",
            "r3", "Not bad."));

    @TempDir
    static Path dir;

    private static Path model;

    @BeforeAll
    static void model() {
        model = TestModel.directory(RealImdb.dataset());
    }

    private static Path script(String name, String modelDir) throws Exception {
        StringBuilder values = new StringBuilder();
        REVIEWS.forEach((id, text) -> values.append(values.isEmpty() ? "" : ", ")
                .append("('").append(id).append("', '").append(text.replace("'", "''")).append("')"));
        return Files.writeString(dir.resolve(name), """
                -- reviews; no Kafka needed
                CREATE TEMPORARY VIEW reviews AS
                  SELECT * FROM (VALUES %s) AS t(review_id, text);

                CREATE MODEL sentiment
                  INPUT (text STRING)
                  OUTPUT (probability DOUBLE, label STRING, model_version STRING)
                  WITH ('provider' = 'sentiment-tensorflow', 'model-dir' = '%s');

                SELECT review_id, probability, label, model_version
                FROM ML_PREDICT(TABLE reviews, MODEL sentiment, DESCRIPTOR(text));
                """.formatted(values, modelDir));
    }

    @Test
    void printsTheModelsPredictionForEachRow() throws Exception {
        CliRun run = CliRun.of("sql", "-f", script("score.sql", "${model-dir}").toString(),
                "--model-dir", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, List<String>> rows = rows(run.out(), REVIEWS.keySet());
        assertEquals(REVIEWS.keySet(), rows.keySet(), run.out());
        try (SentimentModel served = SentimentModel.load(model)) {
            List<Prediction> expected = served.predict(List.copyOf(REVIEWS.values()));
            int i = 0;
            for (String id : REVIEWS.keySet()) {
                Prediction p = expected.get(i++);
                assertEquals(p.probability(), Double.parseDouble(rows.get(id).get(0)), 1e-5, id);
                assertEquals(p.label(), rows.get(id).get(1), id);
                assertEquals(served.metadata().modelVersion(), rows.get(id).get(2), id);
            }
        }
    }

    /** The documented Kafka example as it is in the repository, against an embedded broker. */
    @Test
    void theKafkaExampleScoresThroughKafka() throws Exception {
        Path example = Path.of(System.getProperty("sentiment.root"), "sql", "examples", "score-kafka.sql");
        CliRun run = CliRun.of("sql", "-f", example.toString(), "--model-dir", model.toString(),
                "--embedded-broker", "reviews-json,scored");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> texts = Map.of(
                "r1", "A wonderful, moving film with a superb cast.",
                "r2", "Terrible. Two hours of my life I will never get back.",
                "r3", "Not bad at all; the second half drags a little.");
        Map<String, List<String>> rows = rows(run.out(), texts.keySet());
        assertEquals(texts.keySet(), rows.keySet(), run.out());
        try (SentimentModel served = SentimentModel.load(model)) {
            for (var review : texts.entrySet()) {
                Prediction p = served.predict(List.of(review.getValue())).get(0);
                assertEquals(p.probability(), Double.parseDouble(rows.get(review.getKey()).get(0)), 1e-5);
            }
        }
    }

    /** Cells after the review id of each printed row whose id is one of {@code ids}. */
    private static Map<String, List<String>> rows(String printed, Set<String> ids) {
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : printed.split("\n")) {
            List<String> cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            if (cells.size() == 6 && ids.contains(cells.get(2))) {
                rows.put(cells.get(2), cells.subList(3, 6));
            }
        }
        return rows;
    }

    @Test
    void aMissingModelIsOneLineNamingTheStatement() throws Exception {
        Path absent = dir.resolve("absent");
        Path file = script("absent.sql", absent.toString());
        CliRun run = CliRun.of("sql", "-f", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("error: " + file + ":10: model 'sentiment': model directory not found: " + absent
                + " (train one with ./sentiment train --model-dir " + absent + ")\n", run.err());
    }

    @Test
    void aSyntaxErrorIsOneLineNamingTheStatement() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.sql"), "SELECT 1;\n\nSELEC 2;\n");
        CliRun run = CliRun.of("sql", "-f", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: " + file + ":3: SQL parse failed. "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
