package org.sentimentstream.job.join;

import java.nio.ByteBuffer;

/**
 * The reviews of one key group that {@link LabelJoin} holds, by {@link ReviewFingerprint}: an open-addressing table
 * (linear probing, deletion by backward shift) in primitive arrays. The garbage collector never traces into it,
 * and writing it marks no cards, however large it grows and however fast it changes; a heap state backend would
 * keep several objects per review instead.
 *
 * <p>An entry is a waiting prediction, a waiting label, the marker of a joined prediction or a label that joined
 * and waits for the other model's prediction, with its deadline (its event time + the join's max delay) and what
 * the outcome needs: the prediction's class and logit and its model (an index into the operator's list of models),
 * or the label's class.
 */
final class JoinTable {
    static final byte PREDICTION = 1;
    static final byte LABEL = 2;
    static final byte JOINED = 3;
    static final byte LABEL_JOINED = 4;
    private static final byte KIND = 7;
    private static final byte POSITIVE = 8;
    /** The kind and class bits of state formats 0 and 1, which had no LABEL_JOINED. */
    private static final byte KIND_V1 = 3;
    private static final byte POSITIVE_V1 = 4;
    /** Bytes of one entry in {@link #write}: fingerprint, deadline, logit, kind and class, model. */
    static final int ENTRY_BYTES = 8 + 8 + 8 + 4 + 1 + 1;
    private static final int MIN_CAPACITY = 64;

    private long[] high;
    private long[] low;
    private long[] deadline;
    private float[] logit;
    private byte[] state;
    private byte[] model;
    private int mask;
    private int size;

    JoinTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        deadline = new long[capacity];
        logit = new float[capacity];
        state = new byte[capacity];
        model = new byte[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The slot of the review with this fingerprint, or -1. */
    int find(long fingerprintHigh, long fingerprintLow) {
        for (int slot = (int) fingerprintLow & mask; state[slot] != 0; slot = (slot + 1) & mask) {
            if (low[slot] == fingerprintLow && high[slot] == fingerprintHigh) {
                return slot;
            }
        }
        return -1;
    }

    /** Adds a review that is not in the table; returns its slot, valid until the next {@link #add} or remove. */
    int add(long fingerprintHigh, long fingerprintLow, byte kind, boolean positive, long deadlineMs, float logitValue,
            byte modelIndex) {
        if (2 * (size + 1) > state.length) { // load at most 1/2: short probes
            grow();
        }
        int slot = (int) fingerprintLow & mask;
        while (state[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        high[slot] = fingerprintHigh;
        low[slot] = fingerprintLow;
        set(slot, kind, positive, deadlineMs, logitValue, modelIndex);
        size++;
        return slot;
    }

    /** Overwrites what the entry in {@code slot} holds, keeping its fingerprint. */
    void set(int slot, byte kind, boolean positive, long deadlineMs, float logitValue, byte modelIndex) {
        state[slot] = (byte) (kind | (positive ? POSITIVE : 0));
        deadline[slot] = deadlineMs;
        logit[slot] = logitValue;
        model[slot] = modelIndex;
    }

    /** Removes the entry in {@code slot}, moving back entries of its probe run so no gap interrupts a run. */
    void remove(int slot) {
        size--;
        int gap = slot;
        for (int next = (gap + 1) & mask; state[next] != 0; next = (next + 1) & mask) {
            int home = (int) low[next] & mask;
            // the entry at next may move to the gap if its home is not cyclically within (gap, next]
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                move(next, gap);
                gap = next;
            }
        }
        state[gap] = 0;
    }

    private void move(int from, int to) {
        high[to] = high[from];
        low[to] = low[from];
        deadline[to] = deadline[from];
        logit[to] = logit[from];
        state[to] = state[from];
        model[to] = model[from];
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldDeadline = deadline;
        float[] oldLogit = logit;
        byte[] oldState = state;
        byte[] oldModel = model;
        allocate(2 * oldState.length);
        size = 0;
        for (int slot = 0; slot < oldState.length; slot++) {
            if (oldState[slot] != 0) {
                add(oldHigh[slot], oldLow[slot], (byte) (oldState[slot] & KIND), (oldState[slot] & POSITIVE) != 0,
                        oldDeadline[slot], oldLogit[slot], oldModel[slot]);
            }
        }
    }

    /** What the entry in {@code slot} is: {@link #PREDICTION}, {@link #LABEL} or {@link #JOINED}. */
    byte kind(int slot) {
        return (byte) (state[slot] & KIND);
    }

    /** The predicted class of a prediction or joined review, the true class of a label. */
    boolean positive(int slot) {
        return (state[slot] & POSITIVE) != 0;
    }

    long deadline(int slot) {
        return deadline[slot];
    }

    float logit(int slot) {
        return logit[slot];
    }

    byte model(int slot) {
        return model[slot];
    }

    long high(int slot) {
        return high[slot];
    }

    long low(int slot) {
        return low[slot];
    }

    /** Calls {@code visitor} with the slot of every entry, in slot order; the table must not change meanwhile. */
    void forEach(SlotVisitor visitor) {
        for (int slot = 0; slot < state.length; slot++) {
            if (state[slot] != 0) {
                visitor.visit(slot);
            }
        }
    }

    /** Writes every entry, {@link #ENTRY_BYTES} each; {@link #read} adds them back. */
    void write(ByteBuffer out) {
        forEach(slot -> out.putLong(high[slot]).putLong(low[slot]).putLong(deadline[slot]).putFloat(logit[slot])
                .put(state[slot]).put(model[slot]));
    }

    /**
     * Adds {@code count} entries written by {@link #write}, their model index mapped through {@code models}. Formats
     * 0 and 1 kept a prediction under its review's fingerprint: {@code modelKeys} (by mapped index) moves it under
     * its model's, as today's join keeps it.
     */
    void read(ByteBuffer in, int count, byte[] models, int format, long[] modelKeys) {
        for (int i = 0; i < count; i++) {
            long entryHigh = in.getLong();
            long entryLow = in.getLong();
            long entryDeadline = in.getLong();
            float entryLogit = in.getFloat();
            byte entryState = in.get();
            byte entryModel = models[in.get() & 0xff];
            byte kind = (byte) (entryState & (format < 2 ? KIND_V1 : KIND));
            boolean positive = (entryState & (format < 2 ? POSITIVE_V1 : POSITIVE)) != 0;
            if (format < 2 && kind != LABEL) {
                entryHigh ^= modelKeys[entryModel & 0xff];
            }
            add(entryHigh, entryLow, kind, positive, entryDeadline, entryLogit, entryModel);
        }
    }

    /** A slot of the table. */
    @FunctionalInterface
    interface SlotVisitor {
        void visit(int slot);
    }
}
