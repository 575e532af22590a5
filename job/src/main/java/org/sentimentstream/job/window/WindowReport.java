package org.sentimentstream.job.window;

import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.schemas.ModelRole;

/**
 * One report on one window, as published in {@code AccuracyReport} (see that schema for the fields).
 *
 * @param role the model's role in the window's predictions
 * @param metrics confusion matrix and log loss of the window's labeled predictions (no ROC AUC: NaN)
 */
public record WindowReport(long windowStart, long windowEnd, String modelVersion, ModelRole role,
        BinaryMetrics metrics, int revision, boolean isFinal, long lateLabelsDropped, long expiredUnlabeled) {}
