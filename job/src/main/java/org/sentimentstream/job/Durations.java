package org.sentimentstream.job;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 20ms}, {@code 5s}, {@code 1m}, {@code 2h}, or ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {}

    /** The duration {@code value} names; anything else is an {@link IllegalArgumentException} with examples. */
    public static Duration parse(String value) {
        Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 20ms, 5s, 1m, 2h)");
        }
    }

    /** {@code duration} in the largest whole unit of {@link #parse}'s short form: {@code 20ms}, {@code 5m}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
