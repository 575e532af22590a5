package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.RecordFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

class JobOptionsTest {
    @Test
    void everySettingOfTheJobHasOneFlagNamedAfterIt() {
        Set<String> settings = Arrays.stream(JobConfig.class.getRecordComponents())
                .map(c -> "--" + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Set<String> flags = JobOptions.ALL.stream().map(JobOptions.JobOption::flag).collect(Collectors.toSet());
        assertEquals(JobOptions.ALL.size(), flags.size(), "a flag declared twice");
        assertEquals(settings, flags);
    }

    @Test
    void readsEveryKindOfValue() {
        JobConfig config = JobOptions.parse("--bootstrap-servers", "kafka:9093", "--reviews-format", "JSON",
                "--labels-format=confluent-avro", "--model-dir", "/models/imdb", "--batch-size", "64",
                "--batch-max-wait", "5ms", "--window", "PT90S", "--delivery-guarantee", "at-least-once",
                "--bounded").build();
        assertEquals("kafka:9093", config.bootstrapServers());
        assertEquals(RecordFormat.JSON, config.reviewsFormat());
        assertEquals(RecordFormat.CONFLUENT_AVRO, config.labelsFormat());
        assertEquals(Path.of("/models/imdb"), config.modelDir());
        assertEquals(64, config.batchSize());
        assertEquals(Duration.ofMillis(5), config.batchMaxWait());
        assertEquals(Duration.ofSeconds(90), config.window());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, config.deliveryGuarantee());
        assertTrue(config.bounded());
        assertEquals(new JobConfig.Builder().build().labelsTopic(), config.labelsTopic(), "untouched: the default");
    }

    @Test
    void eachDefaultAsPrintedReadsBackToItself() {
        JobConfig defaults = new JobConfig.Builder().build();
        for (JobOptions.JobOption option : JobOptions.ALL) {
            String printed = option.defaultText();
            if (printed != null) {
                JobConfig.Builder builder = new JobConfig.Builder();
                option.applyTo(builder, printed);
                assertEquals(defaults, builder.build(), option.flag() + " printed as " + printed);
            }
        }
        assertTrue(JobOptions.usage().contains("--batch-max-wait DURATION"));
        assertTrue(JobOptions.named("--batch-max-wait").help().endsWith("(default: 20ms)."));
        assertTrue(JobOptions.named("--labels-max-delay").help().endsWith("(default: 1m)."));
        assertFalse(JobOptions.named("--bounded").help().contains("default"));
    }

    @Test
    void mistakesAreOneLineNamingTheFlag() {
        List<List<String>> mistakes = List.of(List.of("--batch-size", "many"), List.of("--window", "soon"),
                List.of("--reviews-format", "xml"), List.of("--delivery-guarantee", "maybe"), List.of("--model-dir"),
                List.of("--no-such-flag", "1"));
        List<String> expected = List.of("--batch-size: 'many' is not a whole number",
                "--window: 'soon' is not a duration (examples: 20ms, 5s, 1m, 2h)",
                "--reviews-format: unknown format 'xml': use avro, confluent-avro, json",
                "--delivery-guarantee: 'maybe' is not one of EXACTLY_ONCE, AT_LEAST_ONCE, NONE",
                "--model-dir needs a value (DIR)", "unknown option --no-such-flag");
        for (int i = 0; i < mistakes.size(); i++) {
            String[] args = mistakes.get(i).toArray(String[]::new);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(args));
            assertEquals(expected.get(i), e.getMessage());
        }
    }
}
