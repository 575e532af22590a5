package org.sentimentstream.sql;

import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * Both predict functions: Flink picks the async one unless the ML_PREDICT call says {@code 'async' = 'false'}.
 */
final class SentimentModelProvider implements PredictRuntimeProvider, AsyncPredictRuntimeProvider {
    private final ModelSettings settings;
    private final PredictionColumns columns;

    SentimentModelProvider(ModelSettings settings, PredictionColumns columns) {
        this.settings = settings;
        this.columns = columns;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new SentimentPredictFunction(settings.modelDir(), columns);
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        int inFlight = context.runtimeConfig().getOptional(ModelOptions.MAX_CONCURRENT_OPERATIONS)
                .orElse(settings.sessionMaxConcurrentOperations());
        return new BatchingPredictFunction(settings, settings.batchSizeFor(inFlight), columns);
    }

    @Override
    public ModelProvider copy() {
        return new SentimentModelProvider(settings, columns);
    }
}
