package org.sentimentstream.job.window;

/** The running tallies of one window: a Flink POJO held in keyed state. */
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

    public WindowCounts() {}
}
