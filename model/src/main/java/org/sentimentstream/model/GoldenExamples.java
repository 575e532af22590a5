package org.sentimentstream.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Texts with the logits the trainer computed for them ({@code golden.jsonl}): a served model must reproduce them,
 * so a graph that serves differently from how it trained is refused at load time.
 */
public record GoldenExamples(List<Example> examples) {
    /** File name inside a model directory. */
    public static final String FILE = "golden.jsonl";
    /** Largest absolute logit difference a served model may show. */
    public static final double TOLERANCE = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded text and its logit; the fields in a fixed order, so the same model writes the same bytes. */
    @JsonPropertyOrder({"text", "logit"})
    public record Example(String text, float logit) {}

    public List<String> texts() {
        return examples.stream().map(Example::text).toList();
    }

    public static GoldenExamples read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model has no " + FILE + ": " + file);
        }
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    Map<?, ?> row = JSON.readValue(line, Map.class);
                    examples.add(new Example((String) row.get("text"), ((Number) row.get("logit")).floatValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelException("unreadable " + file + ": " + e.getMessage(), e);
        }
        if (examples.isEmpty()) {
            throw new ModelException(file + " holds no examples");
        }
        return new GoldenExamples(List.copyOf(examples));
    }

    public void write(Path modelDir) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(modelDir.resolve(FILE), StandardCharsets.UTF_8)) {
            for (Example example : examples) {
                writer.write(JSON.writeValueAsString(example));
                writer.write('\n');
            }
        }
    }

    /**
     * Compares served logits with the recorded ones.
     *
     * @throws ModelException naming the worst example when any differs by more than {@link #TOLERANCE}
     */
    public void check(float[] served) {
        if (served.length != examples.size()) {
            throw new ModelException("golden check: model returned " + served.length + " logits for "
                    + examples.size() + " texts");
        }
        int worst = 0;
        double worstDiff = -1;
        for (int i = 0; i < served.length; i++) {
            double diff = Math.abs(served[i] - examples.get(i).logit());
            if (Double.isNaN(diff)) {
                diff = Double.POSITIVE_INFINITY;
            }
            if (diff > worstDiff) {
                worst = i;
                worstDiff = diff;
            }
        }
        if (worstDiff > TOLERANCE) {
            String text = examples.get(worst).text();
            throw new ModelException(String.format(
                    "golden check failed: logit %s for \"%s\" but the trainer recorded %s (diff %.3g > %.0e)",
                    served[worst], text.length() > 40 ? text.substring(0, 40) + "..." : text,
                    examples.get(worst).logit(), worstDiff, TOLERANCE));
        }
    }
}
