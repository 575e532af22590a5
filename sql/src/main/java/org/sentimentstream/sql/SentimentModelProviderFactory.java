package org.sentimentstream.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.ModelMetadata;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code 'provider' = 'sentiment-tensorflow'}: checks a {@code CREATE MODEL}'s options and schemas when a query
 * first uses the model, each problem as one line, and serves the model directory's SavedModel to
 * {@code ML_PREDICT}. The model itself is loaded by each subtask, not here.
 */
public final class SentimentModelProviderFactory implements ModelProviderFactory {

    @Override
    public String factoryIdentifier() {
        return ModelOptions.PROVIDER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ModelOptions.MODEL_DIR);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ModelOptions.BATCH_SIZE, ModelOptions.BATCH_MAX_WAIT, ModelOptions.THREADS);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        String name = context.getObjectIdentifier().getObjectName();
        try {
            return create(context);
        } catch (ValidationException | ModelException e) {
            throw new ValidationException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    private SentimentModelProvider create(Context context) {
        ResolvedCatalogModel model = context.getCatalogModel();
        checkKeys(model.getOptions().keySet());
        ReadableConfig options = Configuration.fromMap(model.getOptions());
        try {
            FactoryUtil.validateFactoryOptions(this, options);
        } catch (ValidationException e) { // "Invalid value for option": the value and why are in the cause
            throw e.getCause() == null ? e : new ValidationException(e.getMessage() + " "
                    + e.getCause().getMessage(), e);
        }
        requireOneTextInput(model.getResolvedInputSchema().getColumns());
        PredictionColumns columns = PredictionColumns.of(model.getResolvedOutputSchema());
        Path modelDir = Path.of(options.get(ModelOptions.MODEL_DIR));
        ModelMetadata.read(modelDir); // a missing model fails the statement, not every subtask
        ModelSettings settings = new ModelSettings(modelDir.toString(), options.get(ModelOptions.BATCH_SIZE),
                options.get(ModelOptions.BATCH_MAX_WAIT), options.get(ModelOptions.THREADS),
                context.getConfiguration().get(ModelOptions.SESSION_MAX_CONCURRENT_OPERATIONS));
        return new SentimentModelProvider(settings, columns);
    }

    /** Flink's own check lists every supported option over several lines; this names the first problem in one. */
    private void checkKeys(Set<String> keys) {
        Set<String> known = new TreeSet<>(List.of(FactoryUtil.PROVIDER.key(), ModelOptions.MODEL_DIR.key()));
        optionalOptions().forEach(o -> known.add(o.key()));
        if (!keys.contains(ModelOptions.MODEL_DIR.key())) {
            throw new ValidationException("'" + ModelOptions.MODEL_DIR.key()
                    + "' is required: the SavedModel directory written by ./sentiment train");
        }
        for (String key : new TreeSet<>(keys)) {
            if (!known.contains(key)) {
                throw new ValidationException("unknown option '" + key + "'; the options are " + known);
            }
        }
    }

    private static void requireOneTextInput(List<Column> input) {
        if (input.size() != 1 || !input.get(0).getDataType().getLogicalType()
                .is(LogicalTypeFamily.CHARACTER_STRING)) {
            throw new ValidationException("INPUT must be exactly one STRING column (the review text), not "
                    + input.stream().map(c -> c.getName() + " " + c.getDataType()).toList());
        }
    }
}
