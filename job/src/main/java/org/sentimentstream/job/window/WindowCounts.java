package org.sentimentstream.job.window;

import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.model.BinaryMetrics;

/**
 * The running tallies of one window: a Flink POJO held in keyed state (fields are only ever added: Flink's POJO
 * serializer restores older savepoints with the new fields 0). An accuracy series fills the confusion matrix,
 * log loss, drops and expiries; a comparison series the four paired outcomes.
 */
public class WindowCounts {
    public long tp;
    public long fp;
    public long tn;
    public long fn;
    public double logLossSum;
    public long lateLabelsDropped;
    public long expiredUnlabeled;
    /** Revision number the next report gets. */
    public int nextRevision;
    /** Whether the window has fired (its first report is out). */
    public boolean fired;
    /** Whether it changed since its last report. */
    public boolean dirty;
    /** Paired: both models right. */
    public long bothRight;
    /** Paired: only the champion right. */
    public long championOnly;
    /** Paired: only the challenger right. */
    public long challengerOnly;
    /** Paired: both wrong. */
    public long bothWrong;

    public WindowCounts() {}

    /** Counts one outcome of the join into its series' tallies. */
    void count(JoinOutcome outcome) {
        switch (outcome.kind()) {
            case MATCHED -> {
                if (outcome.predictedPositive()) {
                    if (outcome.actualPositive()) {
                        tp++;
                    } else {
                        fp++;
                    }
                } else if (outcome.actualPositive()) {
                    fn++;
                } else {
                    tn++;
                }
                logLossSum += BinaryMetrics.logLoss(outcome.logit(), outcome.actualPositive() ? 1 : 0);
            }
            case EXPIRED -> expiredUnlabeled++;
            case LABEL_DROPPED -> lateLabelsDropped++;
            case PAIRED -> {
                boolean champion = outcome.predictedPositive() == outcome.actualPositive();
                boolean challenger = outcome.challengerPositive() == outcome.actualPositive();
                if (champion && challenger) {
                    bothRight++;
                } else if (champion) {
                    championOnly++;
                } else if (challenger) {
                    challengerOnly++;
                } else {
                    bothWrong++;
                }
            }
        }
    }

    /** Adds another tally of the same window and series (a subtask's partial counts). */
    void add(WindowCounts other) {
        tp += other.tp;
        fp += other.fp;
        tn += other.tn;
        fn += other.fn;
        logLossSum += other.logLossSum;
        lateLabelsDropped += other.lateLabelsDropped;
        expiredUnlabeled += other.expiredUnlabeled;
        bothRight += other.bothRight;
        championOnly += other.championOnly;
        challengerOnly += other.challengerOnly;
        bothWrong += other.bothWrong;
    }

    /** Outcomes counted: labeled predictions, drops, expiries and pairs. */
    long outcomes() {
        return tp + fp + tn + fn + lateLabelsDropped + expiredUnlabeled + bothRight + championOnly + challengerOnly
                + bothWrong;
    }
}
