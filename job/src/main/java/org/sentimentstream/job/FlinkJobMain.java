package org.sentimentstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.SentimentModel;

import java.util.List;

/**
 * Entry point of the shaded job jar on a real cluster: {@code flink run sentiment-job-flink.jar --bootstrap-servers
 * kafka:9092 --model-dir /models/imdb}. Takes the same options as {@code ./sentiment job} ({@link JobOptions}). Its
 * failures are logged one WARN line each, a restart loop called out, where the main runs: in the JobManager's log in
 * application mode (Kubernetes), in the client's with {@code flink run}.
 */
public final class FlinkJobMain {
    private FlinkJobMain() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println("Usage: sentiment-job [OPTION VALUE]...");
            System.out.println("Score reviews from Kafka with the sentiment model; publish sentiment, accuracy "
                    + "reports and dead letters.");
            System.out.println(JobOptions.usage());
            return;
        }
        JobConfig config;
        try {
            config = JobOptions.parse(args).build();
            SentimentModel.load(config.modelDir()).close(); // fail before submitting, with the model's reason
        } catch (IllegalArgumentException | ModelException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSentimentJob.define(env, config);
        // Flink's own log has each failure at INFO among thousands of lines; these stand out and name loops
        env.registerJobListener(new RestartLogging(RestartLogging.restApi(env.getConfiguration()),
                "sentiment-stream", false));
        env.execute("sentiment-stream");
    }
}
