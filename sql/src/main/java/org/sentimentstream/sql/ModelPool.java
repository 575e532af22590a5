package org.sentimentstream.sql;

import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies of the model for scoring threads: a {@link SentimentModel} serves one thread at a time, so each call
 * borrows a copy for its batch. With as many copies as threads, a call never waits for one.
 */
final class ModelPool implements AutoCloseable {
    private final List<SentimentModel> all;
    private final BlockingQueue<SentimentModel> idle;

    private ModelPool(List<SentimentModel> all) {
        this.all = all;
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    static ModelPool load(String modelDir, int copies) {
        List<SentimentModel> models = new ArrayList<>(copies);
        try {
            for (int i = 0; i < copies; i++) {
                models.add(SubtaskModel.load(modelDir));
            }
        } catch (RuntimeException e) {
            models.forEach(SentimentModel::close);
            throw e;
        }
        return new ModelPool(List.copyOf(models));
    }

    String modelVersion() {
        return all.get(0).metadata().modelVersion();
    }

    /** One model call with whichever copy is idle. */
    List<Prediction> predict(List<String> texts) {
        SentimentModel model;
        try {
            model = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model", e);
        }
        try {
            return model.predict(texts);
        } finally {
            idle.add(model);
        }
    }

    @Override
    public void close() {
        all.forEach(SentimentModel::close);
    }
}
