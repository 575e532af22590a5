package org.sentimentstream.sql;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarCharType;
import org.sentimentstream.model.Prediction;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The model's {@code OUTPUT} columns: any of {@code probability DOUBLE}, {@code label STRING}, {@code logit FLOAT}
 * and {@code model_version STRING}, each at most once, in any order; a row of them per prediction.
 */
final class PredictionColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the provider can fill, by name and type. */
    enum Filled {
        PROBABILITY("probability", LogicalTypeRoot.DOUBLE, "DOUBLE"),
        LABEL("label", LogicalTypeRoot.VARCHAR, "STRING"),
        LOGIT("logit", LogicalTypeRoot.FLOAT, "FLOAT"),
        MODEL_VERSION("model_version", LogicalTypeRoot.VARCHAR, "STRING");

        final String column;
        final LogicalTypeRoot root;
        final String sqlType;

        Filled(String column, LogicalTypeRoot root, String sqlType) {
            this.column = column;
            this.root = root;
            this.sqlType = sqlType;
        }

        boolean accepts(LogicalType type) {
            // a shorter VARCHAR could cut a label or version
            return type.is(root) && (root != LogicalTypeRoot.VARCHAR
                    || ((VarCharType) type).getLength() == VarCharType.MAX_LENGTH);
        }

        static String all() {
            return Arrays.stream(values()).map(f -> f.column + " " + f.sqlType).collect(Collectors.joining(", "));
        }
    }

    private final Filled[] columns;

    private PredictionColumns(Filled[] columns) {
        this.columns = columns;
    }

    /** The output schema's columns, or a one-line {@link ValidationException} naming the column it cannot fill. */
    static PredictionColumns of(ResolvedSchema output) {
        List<Column> declared = output.getColumns();
        if (declared.isEmpty()) {
            throw new ValidationException("OUTPUT needs at least one of " + Filled.all());
        }
        Filled[] columns = new Filled[declared.size()];
        for (int i = 0; i < columns.length; i++) {
            Column c = declared.get(i);
            Filled filled = Arrays.stream(Filled.values()).filter(f -> f.column.equals(c.getName())).findFirst()
                    .orElseThrow(() -> new ValidationException("OUTPUT column '" + c.getName()
                            + "' is not one the model fills: " + Filled.all()));
            LogicalType type = c.getDataType().getLogicalType();
            if (!filled.accepts(type)) {
                throw new ValidationException("OUTPUT column '" + c.getName() + "' must be " + filled.sqlType
                        + ", not " + type.copy(true).asSummaryString());
            }
            columns[i] = filled;
        }
        return new PredictionColumns(columns);
    }

    /** The declared columns of one scored text. */
    RowData row(Prediction p, String modelVersion) {
        GenericRowData row = new GenericRowData(columns.length);
        for (int i = 0; i < columns.length; i++) {
            row.setField(i, switch (columns[i]) {
                case PROBABILITY -> p.probability();
                case LABEL -> StringData.fromString(p.label());
                case LOGIT -> p.logit();
                case MODEL_VERSION -> StringData.fromString(modelVersion);
            });
        }
        return row;
    }

    /** Every column null: the row of a NULL text, which has no prediction but must not vanish from the result. */
    RowData nullRow() {
        return new GenericRowData(columns.length);
    }
}
