package org.sentimentstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.model.SentimentModel;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Entry point of the shaded job jar on a real cluster: {@code flink run sentiment-job-flink.jar --bootstrap-servers
 * kafka:9092 --model-dir /models/imdb}. Takes the same options as {@code ./sentiment job}. Its failures are logged
 * one WARN line each, a restart loop called out, where the main runs: in the JobManager's log in application mode
 * (Kubernetes), in the client's with {@code flink run}.
 */
@Command(name = "sentiment-job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score reviews from Kafka with the sentiment model; publish sentiment, accuracy reports and "
                + "dead letters.")
public final class FlinkJobMain implements Callable<Integer> {
    @Mixin
    JobConfig.Builder options = new JobConfig.Builder();

    public static void main(String[] args) {
        int code = new CommandLine(new FlinkJobMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.build();
        SentimentModel.load(config.modelDir()).close(); // fail before submitting, with the model's one-line reason
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSentimentJob.define(env, config);
        // Flink's own log has each failure at INFO among thousands of lines; these stand out and name loops
        env.registerJobListener(new RestartLogging(RestartLogging.restApi(env.getConfiguration()),
                "sentiment-stream", false));
        env.execute("sentiment-stream");
        return 0;
    }
}
