package org.sentimentstream.cli.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a demo run measured; {@code --summary-json} writes it with snake_case keys.
 *
 * @param reviewsReplayed reviews the replay published
 * @param reviewsScored sentiment events read back (read_committed)
 * @param deadLetters dead letters read back
 * @param streamedAccuracy accuracy of the {@code --model-dir} model over its final accuracy reports, whatever its
 *     role: sum of correct / sum of count
 * @param labeledInReports sum of count over those reports
 * @param offlineAccuracy the same model scored offline (DJL, batches of 1000) on exactly the replayed reviews
 * @param modelTestAccuracy the model's test accuracy from metadata.json
 * @param throughputPerS reviews scored per second, first review's event time to the last sentiment event read
 * @param latencyP50Ms median of review event time to sentiment event readable by a read_committed consumer
 * @param latencyP99Ms 99th percentile of the same
 * @param latencyMaxMs largest of the same
 * @param checkpointIntervalMs checkpoint interval: with exactly-once, results become readable at commits
 * @param modelVersion the model's content hash
 * @param challengerVersion the {@code --challenger} model's content hash; this and the keys below are absent
 *     without {@code --challenger}
 * @param challengerStreamedAccuracy the challenger's accuracy over its final accuracy reports, whatever its role
 * @param challengerOfflineAccuracy the challenger scored offline on exactly the replayed reviews
 * @param pairedBothRight reviews both models got right, over the final comparison reports of the whole replay
 * @param pairedChampionOnly reviews only the {@code --model-dir} model got right (champion, then challenger after
 *     the promotion: the keys name the demo's starting roles)
 * @param pairedChallengerOnly reviews only the {@code --challenger} model got right
 * @param pairedBothWrong reviews both got wrong
 * @param mcnemarP McNemar's exact two-sided p-value of pairedChampionOnly against pairedChallengerOnly
 * @param promotedAtReview reviews replayed when the promotion of the challenger was issued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DemoSummary(long reviewsReplayed, long reviewsScored, long deadLetters, double streamedAccuracy,
        long labeledInReports, double offlineAccuracy, double modelTestAccuracy, double throughputPerS,
        long latencyP50Ms, long latencyP99Ms, long latencyMaxMs, long checkpointIntervalMs, String modelVersion,
        String challengerVersion, Double challengerStreamedAccuracy, Double challengerOfflineAccuracy,
        Long pairedBothRight, Long pairedChampionOnly, Long pairedChallengerOnly, Long pairedBothWrong,
        Double mcnemarP, Long promotedAtReview) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    public static DemoSummary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), DemoSummary.class);
    }
}
