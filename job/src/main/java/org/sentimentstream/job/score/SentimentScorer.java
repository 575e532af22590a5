package org.sentimentstream.job.score;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores batches with the model. Each subtask loads its own {@link SentimentModel} (one DJL predictor, never shared
 * or static) in {@link #open}, which also refuses a model that fails its golden check, and closes it in
 * {@link #close}. A model that cannot serve fails the job without restarts. Metrics, updated once per batch:
 * {@code inference_ms}, {@code end_to_end_ms} (event time of the batch's oldest review to scored), the counters
 * {@code reviews_scored} and {@code reviews_positive}; and {@code model_load_ms}.
 */
public final class SentimentScorer extends RichMapFunction<ReviewBatch, ScoredBatch> {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final int threads;
    private transient SentimentModel model;
    private transient String modelVersion;
    private transient Histogram inferenceMs;
    private transient Histogram endToEndMs;
    private transient Counter scoredCount;
    private transient Counter positiveCount;

    public SentimentScorer(Path modelDir, int threads) {
        this.modelDir = modelDir.toString();
        this.threads = threads;
    }

    @Override
    public void open(OpenContext context) {
        long start = System.nanoTime();
        try {
            model = SentimentModel.load(Path.of(modelDir), threads);
        } catch (ModelException e) {
            // no restart can fix a missing or broken model: fail the job now instead of restarting forever
            throw new SuppressRestartsException(e);
        }
        modelVersion = model.metadata().modelVersion();
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        var metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("model_load_ms", () -> loadMs);
        inferenceMs = metrics.histogram("inference_ms", new DescriptiveStatisticsHistogram(1000));
        endToEndMs = metrics.histogram("end_to_end_ms", new DescriptiveStatisticsHistogram(1000));
        scoredCount = metrics.counter("reviews_scored");
        positiveCount = metrics.counter("reviews_positive");
    }

    @Override
    public ScoredBatch map(ReviewBatch batch) {
        List<ReviewEvent> reviews = batch.reviews();
        List<String> texts = new ArrayList<>(reviews.size());
        for (ReviewEvent review : reviews) {
            texts.add(review.text());
        }
        long start = System.nanoTime();
        float[] logits = model.logits(texts);
        long scoredAt = System.currentTimeMillis();
        inferenceMs.update((System.nanoTime() - start) / 1_000_000);
        List<ScoredReview> scored = new ArrayList<>(reviews.size());
        long oldest = Long.MAX_VALUE;
        int positive = 0;
        for (int i = 0; i < logits.length; i++) {
            ReviewEvent review = reviews.get(i);
            Prediction p = Prediction.of(logits[i]);
            scored.add(new ScoredReview(review.reviewId(), review.eventTime(),
                    scoredAt, p.probability(), p.positive(), logits[i], modelVersion, review.truncated()));
            oldest = Math.min(oldest, review.eventTime());
            positive += p.positive() ? 1 : 0;
        }
        endToEndMs.update(scoredAt - oldest);
        scoredCount.inc(logits.length);
        positiveCount.inc(positive);
        return new ScoredBatch(scored);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
