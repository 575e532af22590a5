package org.sentimentstream.cli.sql;

import org.apache.flink.util.ExceptionUtils;
import org.sentimentstream.model.ModelException;

import java.util.Optional;

/** The one line that says why a statement failed, out of Flink's chain of causes. */
final class StatementError {
    private StatementError() {}

    /**
     * While planning: Flink's wrappers span several lines and the line that names the mistake (ours, or the
     * parser's) is the outermost one-line message; else the first line of the outermost.
     */
    static String planning(Throwable e) {
        Optional<String> model = modelProblem(e);
        if (model.isPresent()) {
            return model.get();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && !message.contains("\n")) {
                return message;
            }
        }
        return firstLine(e);
    }

    /** While running: the job's root cause says what went wrong; the wrappers above it say only that it did. */
    static String running(Throwable e) {
        return modelProblem(e).orElseGet(() -> firstLine(ExceptionUtils.stripExecutionException(rootOf(e))));
    }

    /** The model provider's line ("model 'name': ..."), or a model's own problem in a subtask. */
    private static Optional<String> modelProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).startsWith("model '")) {
                return Optional.of(firstLine(t));
            }
        }
        return ExceptionUtils.findThrowable(e, ModelException.class).map(StatementError::firstLine);
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
