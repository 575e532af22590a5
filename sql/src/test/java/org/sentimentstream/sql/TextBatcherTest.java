package org.sentimentstream.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sentimentstream.model.Prediction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The async path's batching, driven by hand: the timer and the scoring executor run their tasks only when the
 * test says so, and the scorer's logit for a text is its length, so every row's answer is known.
 */
class TextBatcherTest {
    private static final long WAIT = 20_000_000L;

    /** Timer tasks in the order they were set, run by the test. */
    private final Queue<Runnable> timers = new ArrayDeque<>();
    private final List<Long> delays = new ArrayList<>();
    /** Scoring tasks, run by the test. */
    private final Queue<Runnable> scoring = new ArrayDeque<>();
    private final List<List<String>> scored = Collections.synchronizedList(new ArrayList<>());

    private TextBatcher batcher(int maxSize) {
        return new TextBatcher(maxSize, WAIT, (task, delay) -> {
            timers.add(task);
            delays.add(delay);
        }, scoring::add, this::byLength);
    }

    private List<Prediction> byLength(List<String> texts) {
        scored.add(List.copyOf(texts));
        return texts.stream().map(t -> Prediction.of(t.length())).toList();
    }

    private static void runAll(Queue<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove().run();
        }
    }

    @Test
    void aFullBatchIsScoredInOneCallWithoutWaiting() {
        TextBatcher b = batcher(3);
        var x = b.add("a");
        var y = b.add("bb");
        assertTrue(scoring.isEmpty());
        var z = b.add("ccc");
        assertEquals(1, scoring.size());
        runAll(scoring);
        assertEquals(List.of(List.of("a", "bb", "ccc")), scored);
        assertEquals(1f, x.join().logit());
        assertEquals(2f, y.join().logit());
        assertEquals(3f, z.join().logit());
    }

    @Test
    void aPartBatchIsScoredWhenItsFirstTextHasWaitedMaxWait() {
        TextBatcher b = batcher(3);
        var x = b.add("a");
        var y = b.add("bb");
        assertEquals(List.of(WAIT), delays);
        assertTrue(scoring.isEmpty());
        runAll(timers);
        runAll(scoring);
        assertEquals(List.of(List.of("a", "bb")), scored);
        assertEquals(1f, x.join().logit());
        assertEquals(2f, y.join().logit());
    }

    @Test
    void theTimerOfABatchClosedWhenFullLeavesTheNextBatchAlone() {
        TextBatcher b = batcher(2);
        b.add("a");
        b.add("bb");
        var late = b.add("ccc");
        assertEquals(2, timers.size());
        timers.remove().run(); // set for the first batch, already closed
        runAll(scoring);
        assertEquals(List.of(List.of("a", "bb")), scored);
        assertFalse(late.isDone());
        timers.remove().run();
        runAll(scoring);
        assertEquals(List.of(List.of("a", "bb"), List.of("ccc")), scored);
        assertEquals(3f, late.join().logit());
    }

    @Test
    void batchSizeOneScoresEachTextAtOnceAndSetsNoTimer() {
        TextBatcher b = batcher(1);
        b.add("a");
        b.add("bb");
        assertTrue(timers.isEmpty());
        runAll(scoring);
        assertEquals(List.of(List.of("a"), List.of("bb")), scored);
    }

    @Test
    void aFailedModelCallFailsEveryRowOfItsBatchOnly() {
        IllegalStateException broken = new IllegalStateException("scoring failed");
        TextBatcher b = new TextBatcher(2, WAIT, (task, delay) -> timers.add(task), scoring::add, texts -> {
            if (texts.contains("bad")) {
                throw broken;
            }
            return byLength(texts);
        });
        var x = b.add("bad");
        var y = b.add("bb");
        var z = b.add("ccc");
        runAll(scoring);
        runAll(timers);
        runAll(scoring);
        assertSame(broken, assertFailed(x));
        assertSame(broken, assertFailed(y));
        assertEquals(3f, z.join().logit());
    }

    @Test
    void aBatchTheExecutorRejectsFailsItsRows() {
        IllegalStateException closing = new IllegalStateException("closing");
        TextBatcher b = new TextBatcher(1, WAIT, (task, delay) -> timers.add(task), task -> {
            throw closing;
        }, this::byLength);
        assertSame(closing, assertFailed(b.add("a")));
    }

    @Test
    void textsFromManyThreadsEachGetTheirOwnPrediction() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            TextBatcher b = new TextBatcher(7, WAIT, (task, delay) -> timers.add(task), pool, this::byLength);
            List<CompletableFuture<List<CompletableFuture<Prediction>>>> adders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                adders.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<Prediction>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(b.add("x".repeat(1 + (thread * perThread + i) % 97)));
                    }
                    return mine;
                }, pool));
            }
            List<List<CompletableFuture<Prediction>>> results = new ArrayList<>();
            for (var adder : adders) {
                results.add(adder.get(1, TimeUnit.MINUTES));
            }
            runAll(timers); // closes the last batch, the only one not closed when full
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    float expected = 1 + (t * perThread + i) % 97;
                    assertEquals(expected, results.get(t).get(i).get(1, TimeUnit.MINUTES).logit());
                }
            }
            assertEquals(threads * perThread, scored.stream().mapToInt(List::size).sum());
            assertEquals(threads * perThread / 7, scored.stream().filter(batch -> batch.size() == 7).count());
            assertEquals(List.of(threads * perThread % 7),
                    scored.stream().map(List::size).filter(n -> n != 7).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Throwable assertFailed(CompletableFuture<Prediction> future) {
        assertTrue(future.isCompletedExceptionally());
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
