package org.sentimentstream.cli.dashboard;

import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the page shows, kept up to date from the topics' records: totals, reviews scored and positive per second
 * (by the second they were scored), latency percentiles, every accuracy and comparison report (each revision of each
 * window), dead letters by reason, and the most recent reviews with their texts. Thread-safe: the feed writes, the
 * server reads {@link #snapshot}s.
 */
final class DashboardStats {
    static final int RECENT_REVIEWS = 15;
    static final int SECONDS_KEPT = 300;
    static final int REPORTS_KEPT = 500;
    static final int RECENT_DEAD_LETTERS = 8;
    static final int TEXT_SHOWN = 600;

    /** Reviews scored in one second (epoch seconds), and how many of them positive. */
    record Second(long t, long scored, long positive) {}

    /** One accuracy report, as it came (each revision of a window is one). */
    record Report(String modelVersion, String role, long windowStart, long windowEnd, int revision,
            boolean finalReport, double accuracy, long count) {}

    /** One report of the champion-challenger comparison, as it came. */
    record Comparison(String champion, String challenger, long windowStart, long windowEnd, int revision,
            boolean finalReport, long bothRight, long championOnly, long challengerOnly, long bothWrong,
            double mcnemarP) {}

    /** A scored review with (the start of) its text, null when its review was not read. */
    record Review(String id, String text, double probability, String label, long eventTime, long scoredAt,
            boolean truncated) {}

    /** A dead letter: why, where it came from (topic/partition@offset), what exactly was wrong. */
    record Rejected(String reason, String source, String error, long time) {}

    /** Percentiles in ms from event time to scored (as the job stamped it) and to readable (read here). */
    record Latency(long scoredP50, long scoredP90, long scoredP99, long readP50, long readP99) {}

    /** Everything the page shows, as one JSON document. */
    record Snapshot(long scored, long positive, long deadLetters, long unreadable, List<Second> perSecond,
            Latency latency, List<Report> accuracy, List<Comparison> comparisons, List<Review> recent,
            Map<String, Long> deadLettersByReason, List<Rejected> recentDeadLetters) {}

    private long scored;
    private long positive;
    private long deadLetters;
    private long unreadable;
    private final TreeMap<Long, long[]> perSecond = new TreeMap<>();
    private final LatencyWindow scoredLatency = new LatencyWindow(10_000);
    private final LatencyWindow readLatency = new LatencyWindow(10_000);
    private final Deque<Report> reports = new ArrayDeque<>();
    private final Deque<Comparison> comparisons = new ArrayDeque<>();
    private final Deque<SentimentEvent> recent = new ArrayDeque<>();
    private final RecentTexts texts = new RecentTexts(20_000);
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private final Deque<Rejected> recentDeadLetters = new ArrayDeque<>();

    synchronized void review(String id, String text) {
        texts.put(id, text);
    }

    synchronized void scored(SentimentEvent event, long readAt) {
        long eventTime = event.getEventTime().toEpochMilli();
        long scoredAt = event.getScoredAt().toEpochMilli();
        boolean isPositive = event.getLabel() == Sentiment.POSITIVE;
        scored++;
        positive += isPositive ? 1 : 0;
        long[] second = perSecond.computeIfAbsent(scoredAt / 1000, t -> new long[2]);
        second[0]++;
        second[1] += isPositive ? 1 : 0;
        while (perSecond.size() > SECONDS_KEPT) {
            perSecond.pollFirstEntry();
        }
        scoredLatency.add(scoredAt - eventTime);
        readLatency.add(readAt - eventTime);
        keep(recent, event, RECENT_REVIEWS);
    }

    synchronized void report(AccuracyReport r) {
        keep(reports, new Report(r.getModelVersion(), r.getRole().name().toLowerCase(Locale.ROOT),
                r.getWindowStart().toEpochMilli(), r.getWindowEnd().toEpochMilli(), r.getRevision(), r.getFinal$(),
                r.getAccuracy(), r.getCount()), REPORTS_KEPT);
    }

    synchronized void comparison(ModelComparison c) {
        keep(comparisons, new Comparison(c.getChampionVersion(), c.getChallengerVersion(),
                c.getWindowStart().toEpochMilli(), c.getWindowEnd().toEpochMilli(), c.getRevision(), c.getFinal$(),
                c.getBothRight(), c.getChampionOnly(), c.getChallengerOnly(), c.getBothWrong(), c.getMcnemarP()),
                REPORTS_KEPT);
    }

    synchronized void deadLetter(DeadLetter d) {
        deadLetters++;
        deadLettersByReason.merge(d.getReason().name(), 1L, Long::sum);
        keep(recentDeadLetters, new Rejected(d.getReason().name(),
                d.getSourceTopic() + "/" + d.getSourcePartition() + "@" + d.getSourceOffset(), d.getError(),
                d.getTime().toEpochMilli()), RECENT_DEAD_LETTERS);
    }

    /** A record on an output topic that is not what the job writes. */
    synchronized void unreadable() {
        unreadable++;
    }

    synchronized Snapshot snapshot() {
        List<Second> seconds = new ArrayList<>(perSecond.size());
        perSecond.forEach((t, counts) -> seconds.add(new Second(t, counts[0], counts[1])));
        List<Review> reviews = new ArrayList<>(recent.size());
        recent.descendingIterator().forEachRemaining(e -> reviews.add(review(e)));
        List<Rejected> rejected = new ArrayList<>(recentDeadLetters);
        Collections.reverse(rejected);
        return new Snapshot(scored, positive, deadLetters, unreadable, seconds,
                new Latency(scoredLatency.percentile(0.5), scoredLatency.percentile(0.9),
                        scoredLatency.percentile(0.99), readLatency.percentile(0.5), readLatency.percentile(0.99)),
                List.copyOf(reports), List.copyOf(comparisons), reviews, new TreeMap<>(deadLettersByReason), rejected);
    }

    private Review review(SentimentEvent e) {
        String text = texts.get(e.getReviewId());
        if (text != null && text.length() > TEXT_SHOWN) {
            text = text.substring(0, TEXT_SHOWN) + "…";
        }
        return new Review(e.getReviewId(), text, e.getProbability(), e.getLabel().name(),
                e.getEventTime().toEpochMilli(), e.getScoredAt().toEpochMilli(), e.getTruncated());
    }

    private static <T> void keep(Deque<T> deque, T item, int capacity) {
        deque.addLast(item);
        while (deque.size() > capacity) {
            deque.removeFirst();
        }
    }
}
