package org.sentimentstream.job.window;

import org.sentimentstream.schemas.ModelRole;

/**
 * What one keyed series of windows measures, and its key: the accuracy of a model in a role (key: the version for
 * the champion, as before the challenger existed, so older savepoints' windows restore as the champion's;
 * {@code version@challenger} for the challenger), or the paired comparison of a champion and a challenger (key:
 * {@code champion@vs@challenger}). Model versions never contain {@code @} (they name folders, {@code ModelStore}).
 *
 * @param modelVersion the model, or the champion of a comparison
 * @param role the model's role (CHAMPION for a comparison)
 * @param challengerVersion the challenger of a comparison, else null
 */
public record WindowSeries(String modelVersion, ModelRole role, String challengerVersion) {
    private static final String CHALLENGER = "@challenger";
    private static final String VERSUS = "@vs@";

    public static String accuracyKey(String modelVersion, ModelRole role) {
        return role == ModelRole.CHALLENGER ? modelVersion + CHALLENGER : modelVersion;
    }

    public static String comparisonKey(String championVersion, String challengerVersion) {
        return championVersion + VERSUS + challengerVersion;
    }

    public static WindowSeries of(String key) {
        int versus = key.indexOf(VERSUS);
        if (versus >= 0) {
            return new WindowSeries(key.substring(0, versus), ModelRole.CHAMPION,
                    key.substring(versus + VERSUS.length()));
        }
        return key.endsWith(CHALLENGER)
                ? new WindowSeries(key.substring(0, key.length() - CHALLENGER.length()), ModelRole.CHALLENGER, null)
                : new WindowSeries(key, ModelRole.CHAMPION, null);
    }

    public boolean isComparison() {
        return challengerVersion != null;
    }
}
