package org.sentimentstream.cli.dashboard;

import org.sentimentstream.job.JobConfig;

import java.util.List;

/** The topics the dashboard reads: the job's input reviews (for their texts) and four of its outputs. */
public record DashboardTopics(String reviews, String sentiment, String accuracy, String comparison,
        String deadLetters) {

    /** The topics a job with {@code config} reads and writes. */
    public static DashboardTopics of(JobConfig config) {
        return new DashboardTopics(config.reviewsTopic(), config.sentimentTopic(), config.accuracyTopic(),
                config.comparisonTopic(), config.deadLetterTopic());
    }

    public List<String> all() {
        return List.of(reviews, sentiment, accuracy, comparison, deadLetters);
    }
}
