package org.sentimentstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.batch.ReviewBatcher;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.job.score.ModelCommandEvent;
import org.sentimentstream.job.score.ScoredBatch;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.job.score.SentimentScorer;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The model in Flink SQL against the DataStream job's scorer, on the same reviews: one backlog of JSON reviews on an
 * in-process broker, read to its end by three pipelines that each write JSON predictions to a topic of their own:
 * ML_PREDICT synchronous (one model call per row), ML_PREDICT async micro-batched, and the job's
 * {@link ReviewBatcher} and {@link SentimentScorer} between a Kafka source and sink. Each run is a fresh local Flink
 * job (its start-up outside the measurement: the rate is the steady output rate of {@link OutputClock}); the runs
 * are interleaved, after one uncounted round.
 */
final class SqlBench implements AutoCloseable {
    /** The three ways of scoring, in the order each round runs them. */
    enum Run { SQL_SYNC, SQL_ASYNC, DATASTREAM }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVIEWS = "sql-bench-reviews";

    private final EmbeddedKafkaBroker kafka;
    private final Path modelDir;
    private final int parallelism;
    private final int size;
    private final int batchSize = new JobConfig.Builder().batchSize;
    private final Duration batchMaxWait = new JobConfig.Builder().batchMaxWait;
    private int runs;

    /** Starts the broker and writes {@code reviews} to it as JSON lines {@code {"review_id", "text"}}. */
    SqlBench(Path work, Path modelDir, int parallelism, List<ImdbReview> reviews) {
        this.kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
        this.modelDir = modelDir.toAbsolutePath();
        this.parallelism = parallelism;
        this.size = reviews.size();
        kafka.createTopics(parallelism, List.of(REVIEWS));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ImdbReview r : reviews) {
                byte[] json = JSON.writeValueAsBytes(Map.of("review_id", r.id(), "text", r.text()));
                producer.send(new ProducerRecord<>(REVIEWS, json));
            }
        } catch (IOException e) {
            kafka.close();
            throw new UncheckedIOException(e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafkaBroker.MAX_MESSAGE_BYTES);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * One uncounted round of the three runs, then {@code repetitions} rounds; writes each run's median rate, the
     * async over sync ratio and every run's rate to the report.
     */
    void measure(BenchReport report, int repetitions) throws Exception {
        Run[] order = Run.values();
        double[][] rates = new double[order.length][repetitions];
        for (int r = -1; r < repetitions; r++) {
            StringBuilder line = new StringBuilder(r < 0 ? "  warm-up, not counted:" : "  run " + (r + 1) + ":");
            for (int i = 0; i < order.length; i++) {
                double rate = throughput(order[i]);
                line.append(String.format(Locale.ROOT, " %s %,.0f/s", order[i].name().toLowerCase(Locale.ROOT),
                        rate));
                if (r >= 0) {
                    rates[i][r] = rate;
                }
            }
            System.err.println(line);
        }
        double sync = Median.of(rates[0]);
        double async = Median.of(rates[1]);
        double dataStream = Median.of(rates[2]);
        report.put("sql_sync_per_s", Math.round(sync));
        report.put("sql_async_per_s", Math.round(async));
        report.put("sql_datastream_per_s", Math.round(dataStream));
        report.put("sql_async_over_sync", Math.round(async / sync * 100) / 100.0);
        report.text("## Flink SQL: ML_PREDICT against the DataStream scorer (" + String.format(Locale.ROOT, "%,d", size)
                + " IMDB reviews as JSON "
                + "from an in-process broker to a topic of each run's own, local Flink, parallelism " + parallelism
                + ", at-least-once; steady output rate between the 10th and 90th percentile row; each figure the "
                + "median of " + repetitions + " runs, interleaved, after one uncounted round)");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            double median = Median.of(rates[i]);
            rows.add(List.of(describe(order[i]), BenchReport.whole(median),
                    String.format(Locale.ROOT, "%.2f", median / sync), Arrays.stream(rates[i])
                            .mapToObj(BenchReport::whole).collect(Collectors.joining(", "))));
        }
        report.table(List.of("run", "reviews/s", "vs sync", "runs"), rows);
        report.text(String.format(Locale.ROOT, "Headline: async micro-batched ML_PREDICT is %.1fx sync, and %.0f%% "
                + "of the DataStream scorer's rate.", async / sync, 100 * async / dataStream));
    }

    /** Steady reviews per second of one run over the whole backlog. */
    double throughput(Run run) throws Exception {
        System.gc(); // the previous run's garbage, collected outside this run's measurement
        String output = "sql-bench-scored-" + ++runs;
        kafka.createTopics(1, List.of(output));
        try (OutputClock clock = new OutputClock(kafka.bootstrapServers(), output, Long.MAX_VALUE)) {
            switch (run) {
                case SQL_SYNC -> sql(output, false);
                case SQL_ASYNC -> sql(output, true);
                case DATASTREAM -> dataStream(output);
            }
            if (!clock.await(size, Duration.ofMinutes(3))) {
                throw new IllegalStateException(run + ": only " + clock.count() + " of " + size + " rows arrived");
            }
            return clock.steadyRate();
        } finally {
            kafka.deleteTopics(List.of(output));
        }
    }

    private void sql(String output, boolean async) throws Exception {
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        sql.getConfig().set("parallelism.default", String.valueOf(parallelism));
        sql.executeSql("""
                CREATE TABLE reviews (review_id STRING, text STRING) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'json')"""
                .formatted(REVIEWS, kafka.bootstrapServers(), output));
        sql.executeSql("""
                CREATE TABLE scored (review_id STRING, probability DOUBLE, label STRING) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s', 'format' = 'json',
                  'sink.delivery-guarantee' = 'at-least-once')"""
                .formatted(output, kafka.bootstrapServers()));
        sql.executeSql("""
                CREATE MODEL sentiment INPUT (text STRING) OUTPUT (probability DOUBLE, label STRING)
                WITH ('provider' = 'sentiment-tensorflow', 'model-dir' = '%s', 'batch.size' = '%d',
                  'batch.max-wait' = '%d ms')""".formatted(modelDir, batchSize, batchMaxWait.toMillis()));
        // two batches' worth of rows in flight: one fills while the other is scored
        String mode = async ? "'async', 'true', 'max-concurrent-operations', '" + 2 * batchSize + "'"
                : "'async', 'false'";
        sql.executeSql("INSERT INTO scored SELECT review_id, probability, label FROM ML_PREDICT(TABLE reviews, "
                + "MODEL sentiment, DESCRIPTOR(text), MAP[" + mode + "])").await();
    }

    private void dataStream(String output) throws Exception {
        Configuration settings = new Configuration();
        settings.setString("parallelism.default", String.valueOf(parallelism));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings);
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setTopics(REVIEWS).setGroupId(output).setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest()).setValueOnlyDeserializer(new SimpleStringSchema()).build();
        KafkaSink<String> sink = KafkaSink.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(output)
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "reviews")
                .map(SqlBench::review, TypeInformation.of(ReviewEvent.class))
                .transform("batch reviews", TypeInformation.of(ReviewBatch.class),
                        new ReviewBatcher(batchSize, batchMaxWait.toMillis()))
                // a commands input that ends without a command: the scorer serves its initial model throughout
                .connect(env.fromSequence(0, 0).filter(n -> false)
                        .map(n -> (ModelCommandEvent) null, TypeInformation.of(ModelCommandEvent.class)).broadcast())
                .transform("score", TypeInformation.of(ScoredBatch.class), new SentimentScorer(modelDir, 1))
                .flatMap(SqlBench::predictions, Types.STRING)
                .sinkTo(sink);
        env.execute("sql-bench-datastream");
    }

    private static ReviewEvent review(String json) throws IOException {
        JsonNode review = JSON.readTree(json);
        return new ReviewEvent(review.path("review_id").asText(), review.path("text").asText(), 0L, false);
    }

    /** The same JSON rows as the SQL runs' sink writes. */
    private static void predictions(ScoredBatch batch, Collector<String> out) throws IOException {
        for (ScoredReview r : batch.reviews()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("review_id", r.reviewId());
            row.put("probability", r.probability());
            row.put("label", Prediction.of(r.logit()).label());
            out.collect(JSON.writeValueAsString(row));
        }
    }

    private String describe(Run run) {
        return switch (run) {
            case SQL_SYNC -> "ML_PREDICT sync: one row per model call";
            case SQL_ASYNC -> "ML_PREDICT async: batch.size " + batchSize + ", max-concurrent-operations "
                    + 2 * batchSize;
            case DATASTREAM -> "DataStream: ReviewBatcher + SentimentScorer, batch.size " + batchSize;
        };
    }

    @Override
    public void close() {
        kafka.close();
    }
}
