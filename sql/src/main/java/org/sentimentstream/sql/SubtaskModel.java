package org.sentimentstream.sql;

import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.SentimentModel;

import java.nio.file.Path;

/** Loading the model in a subtask, as the DataStream job's scorer does it. */
final class SubtaskModel {
    private SubtaskModel() {}

    /** The checked model; one that cannot serve fails the job now rather than restarting it forever. */
    static SentimentModel load(String modelDir) {
        try {
            return SentimentModel.load(Path.of(modelDir));
        } catch (ModelException e) {
            throw new SuppressRestartsException(e);
        }
    }
}
