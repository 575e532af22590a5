package org.sentimentstream.sql;

import org.sentimentstream.model.Prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Gathers texts that arrive from any thread into batches, each closed at {@code maxSize} texts or
 * {@code maxWaitNanos} after its first text, whichever comes first; each closed batch is scored by one call on the
 * scoring executor, which completes the batch's futures in order (or fails them all with the call's error).
 */
final class TextBatcher {
    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    /** One model call: the predictions of {@code texts}, in order. */
    @FunctionalInterface
    interface BatchScorer {
        List<Prediction> predict(List<String> texts);
    }

    private record Waiting(String text, CompletableFuture<Prediction> prediction) {}

    private final int maxSize;
    private final long maxWaitNanos;
    private final Timer timer;
    private final Executor scoring;
    private final BatchScorer scorer;
    private List<Waiting> open = new ArrayList<>();
    /** Counts closed batches, so a timer set for an earlier batch leaves the open one alone. */
    private long closed;

    TextBatcher(int maxSize, long maxWaitNanos, Timer timer, Executor scoring, BatchScorer scorer) {
        if (maxSize < 1 || maxWaitNanos < 0) {
            throw new IllegalArgumentException("batch size must be at least 1 and max wait not negative");
        }
        this.maxSize = maxSize;
        this.maxWaitNanos = maxWaitNanos;
        this.timer = timer;
        this.scoring = scoring;
        this.scorer = scorer;
    }

    /** The text's prediction, once its batch has been scored. */
    CompletableFuture<Prediction> add(String text) {
        CompletableFuture<Prediction> prediction = new CompletableFuture<>();
        List<Waiting> full = null;
        synchronized (this) {
            open.add(new Waiting(text, prediction));
            if (open.size() == 1 && maxSize > 1) {
                long batch = closed;
                timer.schedule(() -> closeOnTime(batch), maxWaitNanos);
            }
            if (open.size() >= maxSize) {
                full = close();
            }
        }
        if (full != null) {
            submit(full);
        }
        return prediction;
    }

    private void closeOnTime(long batch) {
        List<Waiting> due;
        synchronized (this) {
            if (batch != closed) {
                return;
            }
            due = close();
        }
        submit(due);
    }

    private List<Waiting> close() {
        List<Waiting> batch = open;
        open = new ArrayList<>(maxSize);
        closed++;
        return batch;
    }

    private void submit(List<Waiting> batch) {
        try {
            scoring.execute(() -> score(batch));
        } catch (RuntimeException e) { // a rejected batch (the function is closing) must not leave rows waiting
            batch.forEach(w -> w.prediction().completeExceptionally(e));
        }
    }

    private void score(List<Waiting> batch) {
        List<Prediction> predictions;
        try {
            predictions = scorer.predict(batch.stream().map(Waiting::text).toList());
        } catch (RuntimeException | Error e) {
            batch.forEach(w -> w.prediction().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).prediction().complete(predictions.get(i));
        }
    }
}
