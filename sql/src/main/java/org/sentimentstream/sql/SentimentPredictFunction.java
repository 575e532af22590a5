package org.sentimentstream.sql;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.sentimentstream.model.SentimentModel;

import java.util.Collection;
import java.util.List;

/**
 * Synchronous ML_PREDICT: one model call per row. Metrics: {@code texts_scored}, {@code texts_null}. Public because
 * the planner's generated code names the class.
 */
public final class SentimentPredictFunction extends PredictFunction {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final PredictionColumns columns;
    private transient SentimentModel model;
    private transient String modelVersion;
    private transient Counter scored;
    private transient Counter nulls;

    SentimentPredictFunction(String modelDir, PredictionColumns columns) {
        this.modelDir = modelDir;
        this.columns = columns;
    }

    @Override
    public void open(FunctionContext context) {
        model = SubtaskModel.load(modelDir);
        modelVersion = model.metadata().modelVersion();
        scored = context.getMetricGroup().counter("texts_scored");
        nulls = context.getMetricGroup().counter("texts_null");
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        if (input.isNullAt(0)) {
            nulls.inc();
            return List.of(columns.nullRow());
        }
        RowData row = columns.row(model.predict(List.of(input.getString(0).toString())).get(0), modelVersion);
        scored.inc();
        return List.of(row);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
