package org.sentimentstream.trainer.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * A one-line progress bar on stderr. On a terminal it redraws in place at most every 100 ms; elsewhere (CI logs,
 * pipes) it prints a plain status line every 10 seconds, and a last one at the end if it printed any, so short
 * work stays silent and logs stay short.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final LongFunction<String> unit;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private boolean printed;

    public ProgressBar(String label, long total, LongFunction<String> unit) {
        this(System.err, label, total, unit, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, long total, LongFunction<String> unit, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.interactive = interactive;
    }

    /** Formats a count as-is. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Formats a byte count in MB. */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Reports that {@code done} of the total are finished. */
    public void update(long done) {
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos >= 100_000_000L || done >= total) {
                lastDrawNanos = now;
                out.print("\r" + line(done, now));
                out.flush();
            }
        } else if (now - Math.max(lastDrawNanos, startNanos) >= 10_000_000_000L) {
            lastDrawNanos = now;
            printed = true;
            out.println(line(done, now));
        }
    }

    /** Ends the bar's line. */
    public void finish(long done) {
        if (interactive) {
            lastDrawNanos = 0;
            update(done);
            out.println();
        } else if (printed) {
            out.println(line(done, System.nanoTime()));
        }
    }

    String line(long done, long now) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = (now - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %s/%s %.1fs", label, "=".repeat(filled),
                " ".repeat(WIDTH - filled), fraction * 100, unit.apply(done), unit.apply(total), seconds);
    }
}
