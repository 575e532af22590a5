package org.sentimentstream.replay;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.trainer.console.ProgressBar;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes IMDB reviews as a stream: each review with {@code event_time} = the time it is sent, and its label
 * {@code labelDelay} (+ jitter) later with {@code label_time} = that later send time. Reviews are paced at the rate;
 * labels go out as they fall due, in between, in the settings' format (Avro single-object encoding by default). The
 * producer is idempotent with {@code acks=all}, and the replay ends only when every record is acknowledged.
 */
public final class ImdbReplay {
    private final ReplaySettings settings;
    private final boolean progressBar;
    private final AtomicLong reviewsSent = new AtomicLong();
    private volatile Exception sendError;

    /** @param progressBar whether to draw a progress bar on stderr (off when the caller reports progress) */
    public ImdbReplay(ReplaySettings settings, boolean progressBar) {
        this.settings = settings;
        this.progressBar = progressBar;
    }

    /** Reviews handed to the producer so far; readable from any thread while {@link #run} works. */
    public long reviewsSent() {
        return reviewsSent.get();
    }

    /** What was replayed, in order. */
    public record Result(List<ImdbReview> reviews, long reviewsSent, long labelsSent, double seconds) {}

    /** The reviews a replay of {@code split} with these settings sends, in order (seeded shuffle, then limit). */
    public List<ImdbReview> order(List<ImdbReview> split) {
        List<ImdbReview> order = new ArrayList<>(split);
        Collections.shuffle(order, new Random(settings.seed()));
        return settings.limit() > 0 && settings.limit() < order.size()
                ? List.copyOf(order.subList(0, settings.limit()))
                : List.copyOf(order);
    }

    public Result run(List<ImdbReview> split) throws InterruptedException {
        List<ImdbReview> reviews = order(split);
        RecordSerde<Review> reviewSerde = settings.format().serde(Review.class, settings.reviewsTopic(),
                settings.formatOptions());
        RecordSerde<ReviewLabel> labelSerde = settings.format().serde(ReviewLabel.class, settings.labelsTopic(),
                settings.formatOptions());
        Random jitter = new Random(settings.seed() ^ 0x5DEECE66DL);
        Deque<PendingLabel> labels = new ArrayDeque<>();
        long start = System.nanoTime();
        long labelsSent = 0;
        ProgressBar bar = new ProgressBar("replaying", reviews.size(), ProgressBar::count);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < reviews.size(); i++) {
                labelsSent += sendDueLabels(producer, labelSerde, labels, System.currentTimeMillis());
                pace(start, i);
                ImdbReview review = reviews.get(i);
                long now = System.currentTimeMillis();
                Review record = Review.newBuilder()
                        .setReviewId(review.id())
                        .setText(review.text())
                        .setEventTime(Instant.ofEpochMilli(now))
                        .setSource("imdb/" + review.id().substring(0, review.id().indexOf('/')))
                        .setMetadata(Map.of("rating", Integer.toString(review.rating())))
                        .build();
                producer.send(new ProducerRecord<>(settings.reviewsTopic(), null, now, review.id(),
                        reviewSerde.serialize(record)), this::failOnError);
                long extra = settings.labelJitter().isZero() ? 0
                        : (long) (jitter.nextDouble() * settings.labelJitter().toMillis());
                addInOrder(labels, new PendingLabel(review, now + settings.labelDelay().toMillis() + extra));
                reviewsSent.incrementAndGet();
                if (progressBar) {
                    bar.update(i + 1);
                }
            }
            while (!labels.isEmpty()) {
                long wait = labels.peekFirst().due() - System.currentTimeMillis();
                if (wait > 0) {
                    producer.flush();
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
                labelsSent += sendDueLabels(producer, labelSerde, labels, System.currentTimeMillis());
            }
            producer.flush();
        }
        if (progressBar) {
            bar.finish(reviews.size());
        }
        if (sendError != null) {
            throw new IllegalStateException("replay could not publish every record: " + sendError.getMessage(),
                    sendError);
        }
        return new Result(reviews, reviews.size(), labelsSent, (System.nanoTime() - start) / 1e9);
    }

    private record PendingLabel(ImdbReview review, long due) {}

    /** Keeps the queue sorted by due time; with jitter a label may fall due before ones queued earlier. */
    private static void addInOrder(Deque<PendingLabel> labels, PendingLabel label) {
        if (labels.isEmpty() || labels.peekLast().due() <= label.due()) {
            labels.addLast(label);
            return;
        }
        List<PendingLabel> later = new ArrayList<>();
        while (!labels.isEmpty() && labels.peekLast().due() > label.due()) {
            later.add(labels.pollLast());
        }
        labels.addLast(label);
        for (int i = later.size() - 1; i >= 0; i--) {
            labels.addLast(later.get(i));
        }
    }

    private int sendDueLabels(KafkaProducer<String, byte[]> producer, RecordSerde<ReviewLabel> serde,
            Deque<PendingLabel> labels, long now) {
        int sent = 0;
        while (!labels.isEmpty() && labels.peekFirst().due() <= now) {
            ImdbReview review = labels.pollFirst().review();
            ReviewLabel label = ReviewLabel.newBuilder()
                    .setReviewId(review.id())
                    .setLabel(review.positive() ? Sentiment.POSITIVE : Sentiment.NEGATIVE)
                    .setRating(review.rating())
                    .setLabelTime(Instant.ofEpochMilli(now))
                    .build();
            producer.send(new ProducerRecord<>(settings.labelsTopic(), null, now, review.id(),
                    serde.serialize(label)), this::failOnError);
            sent++;
        }
        return sent;
    }

    private void pace(long startNanos, int index) throws InterruptedException {
        if (settings.ratePerSecond() <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (index * 1e9 / settings.ratePerSecond());
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    private void failOnError(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
        if (error != null && sendError == null) {
            sendError = error;
        }
    }

    /**
     * Producer batches of up to 256 KB (Kafka's default is 16 KB, about 12 reviews): at tens of thousands of reviews
     * per second the default closed a batch, and started a new LZ4 stream with buffers of its own, every dozen
     * reviews, which cost producer and broker CPU per review (docs/benchmarks.md). Client properties may set another
     * size, and another compression than LZ4.
     */
    private static final int BATCH_BYTES = 256 * 1024;

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(BATCH_BYTES));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(settings.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000"); // ride out a broker restart
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
