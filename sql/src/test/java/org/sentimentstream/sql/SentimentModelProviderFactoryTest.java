package org.sentimentstream.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each CREATE MODEL mistake fails the statement with one line that names it; a good model gets a provider. */
class SentimentModelProviderFactoryTest {
    private static final List<Column> TEXT = List.of(Column.physical("text", DataTypes.STRING()));
    private static final List<Column> ALL_OUTPUTS = List.of(Column.physical("probability", DataTypes.DOUBLE()),
            Column.physical("label", DataTypes.STRING()), Column.physical("logit", DataTypes.FLOAT()),
            Column.physical("model_version", DataTypes.STRING()));

    @TempDir
    static Path dir;

    /** Passes the planning-time check (a directory with metadata.json); no subtask ever loads it here. */
    private static Path model;

    @BeforeAll
    static void modelDirectory() throws IOException {
        model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("metadata.json"), "{\"model_version\": \"v1\"}");
    }

    private static ModelProvider create(List<Column> input, List<Column> output, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("provider", "sentiment-tensorflow",
                "model-dir", model.toString()));
        options.putAll(extra);
        options.values().removeIf(String::isEmpty);
        ResolvedCatalogModel resolved = ResolvedCatalogModel.of(
                CatalogModel.of(schema(input), schema(output), options, null),
                ResolvedSchema.of(input), ResolvedSchema.of(output));
        return FactoryUtil.createModelProvider(null, ObjectIdentifier.of("cat", "db", "sentiment"), resolved,
                new Configuration(), SentimentModelProviderFactoryTest.class.getClassLoader(), true);
    }

    private static Schema schema(List<Column> columns) {
        Schema.Builder b = Schema.newBuilder();
        columns.forEach(c -> b.column(c.getName(), c.getDataType()));
        return b.build();
    }

    /** The provider's own line, under Flink's "Unable to create a model provider" wrapper. */
    private static String error(List<Column> input, List<Column> output, Map<String, String> extra) {
        ValidationException e = assertThrows(ValidationException.class, () -> create(input, output, extra));
        String line = e.getCause().getMessage();
        assertFalse(line.contains("\n"), line);
        return line;
    }

    private static Column column(String name, DataType type) {
        return Column.physical(name, type);
    }

    @Test
    void aGoodModelGetsAProviderOfBothModes() {
        ModelProvider provider = create(TEXT, ALL_OUTPUTS, Map.of("batch.size", "32", "threads", "2"));
        assertInstanceOf(SentimentModelProvider.class, provider);
        create(TEXT, List.of(column("label", DataTypes.STRING())), Map.of());
    }

    @Test
    void optionMistakes() {
        assertEquals("model 'sentiment': 'model-dir' is required: the SavedModel directory written by "
                + "./sentiment train", error(TEXT, ALL_OUTPUTS, Map.of("model-dir", "")));
        assertEquals("model 'sentiment': unknown option 'batch-size'; the options are [batch.max-wait, batch.size, "
                + "model-dir, provider, threads]", error(TEXT, ALL_OUTPUTS, Map.of("batch-size", "8")));
        assertEquals("model 'sentiment': 'batch.size' must be at least 1, not 0",
                error(TEXT, ALL_OUTPUTS, Map.of("batch.size", "0")));
        assertEquals("model 'sentiment': 'threads' must be at least 1, not 0",
                error(TEXT, ALL_OUTPUTS, Map.of("threads", "0")));
        assertEquals("model 'sentiment': Invalid value for option 'batch.max-wait'. Could not parse value 'soon' "
                + "for key 'batch.max-wait'.", error(TEXT, ALL_OUTPUTS, Map.of("batch.max-wait", "soon")));
        Path absent = dir.resolve("absent");
        assertEquals("model 'sentiment': model directory not found: " + absent + " (train one with ./sentiment "
                + "train --model-dir " + absent + ")",
                error(TEXT, ALL_OUTPUTS, Map.of("model-dir", absent.toString())));
    }

    @Test
    void theInputMustBeOneTextColumn() {
        assertEquals("model 'sentiment': INPUT must be exactly one STRING column (the review text), not [text INT]",
                error(List.of(column("text", DataTypes.INT())), ALL_OUTPUTS, Map.of()));
        assertEquals("model 'sentiment': INPUT must be exactly one STRING column (the review text), not "
                + "[title STRING, text STRING]", error(List.of(column("title", DataTypes.STRING()),
                        column("text", DataTypes.STRING())), ALL_OUTPUTS, Map.of()));
    }

    @Test
    void theOutputMustBeColumnsTheModelFills() {
        assertEquals("model 'sentiment': OUTPUT column 'score' is not one the model fills: probability DOUBLE, "
                + "label STRING, logit FLOAT, model_version STRING",
                error(TEXT, List.of(column("score", DataTypes.DOUBLE())), Map.of()));
        assertEquals("model 'sentiment': OUTPUT column 'logit' must be FLOAT, not DOUBLE",
                error(TEXT, List.of(column("logit", DataTypes.DOUBLE())), Map.of()));
        assertEquals("model 'sentiment': OUTPUT column 'label' must be STRING, not VARCHAR(5)",
                error(TEXT, List.of(column("label", DataTypes.VARCHAR(5))), Map.of()));
    }

    @Test
    void aBatchIsNoLargerThanTheRowsTheAsyncOperatorLetsWait() {
        ModelSettings settings = new ModelSettings("m", 256, Duration.ofMillis(20), 1, 10);
        assertEquals(10, settings.batchSizeFor(10));
        assertEquals(256, settings.batchSizeFor(1000));
    }
}
