package org.sentimentstream.sql;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.sentimentstream.model.Prediction;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Async ML_PREDICT, micro-batched: the rows the async operator has in flight are gathered by a {@link TextBatcher}
 * and scored a batch per model call on {@code threads} scoring threads, each with its own copy of the model.
 * Metrics: {@code texts_scored}, {@code texts_null} and the histogram {@code batch_size}.
 */
public final class BatchingPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;

    private final ModelSettings settings;
    private final int batchSize;
    private final PredictionColumns columns;
    private transient ModelPool models;
    private transient String modelVersion;
    private transient ScheduledExecutorService timer;
    private transient ExecutorService scoring;
    private transient TextBatcher batcher;
    private transient Counter nulls;

    BatchingPredictFunction(ModelSettings settings, int batchSize, PredictionColumns columns) {
        this.settings = settings;
        this.batchSize = batchSize;
        this.columns = columns;
    }

    @Override
    public void open(FunctionContext context) {
        models = ModelPool.load(settings.modelDir(), settings.threads());
        modelVersion = models.modelVersion();
        var metrics = context.getMetricGroup();
        Counter scored = metrics.counter("texts_scored");
        Histogram sizes = metrics.histogram("batch_size", new DescriptiveStatisticsHistogram(1000));
        nulls = metrics.counter("texts_null");
        timer = Executors.newSingleThreadScheduledExecutor(daemon("sentiment-batch-timer"));
        scoring = Executors.newFixedThreadPool(settings.threads(), daemon("sentiment-scoring"));
        batcher = new TextBatcher(batchSize, settings.batchMaxWait().toNanos(),
                (task, delay) -> timer.schedule(task, delay, TimeUnit.NANOSECONDS), scoring, texts -> {
                    List<Prediction> predictions = models.predict(texts);
                    sizes.update(texts.size());
                    scored.inc(texts.size());
                    return predictions;
                });
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData input) {
        if (input.isNullAt(0)) {
            nulls.inc();
            return CompletableFuture.completedFuture(List.of(columns.nullRow()));
        }
        return batcher.add(input.getString(0).toString())
                .thenApply(p -> List.of(columns.row(p, modelVersion)));
    }

    @Override
    public void close() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (scoring != null) {
            scoring.shutdownNow();
            scoring.awaitTermination(1, TimeUnit.MINUTES);
        }
        if (models != null) {
            models.close();
        }
    }
}
