package org.sentimentstream.job.join;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.sentimentstream.job.ingest.LabelEvent;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.schemas.ModelRole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins each prediction with its label by review id, whichever comes first, for every model that predicted the
 * review: the champion and, when one runs, the challenger in shadow. The first to arrive waits under an event-time
 * deadline, its own time + {@code maxDelayMs}: a prediction still alone then is EXPIRED (never labeled), a label
 * still alone is LABEL_DROPPED (too late, or for a review never scored). Either way it is forgotten then, so nothing
 * outlives {@code maxDelayMs} of event time. A label that met a prediction waits on until its own deadline for the
 * other model's prediction of the review; once a review's label has met both the champion's and the challenger's
 * predictions, one PAIRED outcome says what each predicted, for the paired comparison.
 *
 * <p>Event time decides lateness, not arrival order: a label whose time is past the prediction's time +
 * {@code maxDelayMs} never matches it and is dropped (counted) as soon as both are known.
 *
 * <p>Duplicates: every occurrence of a review is scored and published; for accuracy, a review id is joined once per
 * model and role (a marker stays until the matched prediction's deadline): a second prediction is counted in
 * {@code duplicates}, a second label is dropped.
 *
 * <p>State: the inputs are keyed by review id, but the held entries (waiting predictions, waiting labels, joined
 * markers) are not in the keyed state backend. At the stream's rate they are millions, and a heap backend would keep
 * several objects and a timer per review in the old generation, rewritten at that rate, which made every young
 * collection long (docs/benchmarks.md). They live in one {@link JoinTable} of primitive arrays per key group, a label
 * under its review's {@link ReviewFingerprint}, a prediction under the fingerprint mixed with its model's key, their
 * deadlines in {@link Deadlines}. A checkpoint writes each key group's table as one element of a union list state;
 * on restore, at any parallelism, each subtask keeps the key groups it owns and rebuilds their deadlines. Each
 * element starts with its format version ({@link #STATE_FORMAT}), so a later build can read what this one wrote, or
 * refuse it in words; elements without one (format 0, the builds before the field) start with their key group, never
 * negative. Format 2 added the models' roles and the LABEL_JOINED entry; formats 0 and 1 restore with every held
 * prediction the champion's.
 */
public final class LabelJoin extends AbstractStreamOperator<JoinOutcome>
        implements TwoInputStreamOperator<ScoredReview, LabelEvent, JoinOutcome> {
    private static final long serialVersionUID = 1L;
    /** The format this build writes; a restore reads it and every earlier one (StateSnapshotsTest keeps each). */
    static final int STATE_FORMAT = 2;
    /** The first int of a versioned element: negative, unlike a key group, with the format in the low 16 bits. */
    private static final int FORMAT_MARKER = 0x8A170000;

    private final long maxDelayMs;
    private final String modelVersion;
    private transient KeyGroupRange keyGroups;
    private transient int maxParallelism;
    private transient JoinTable[] tables;
    private transient Deadlines deadlines;
    /** One instance for every record, to allocate nothing per record: each {@code of} overwrites it. */
    private transient ReviewFingerprint fingerprint;
    /** The models (version and role) of held predictions; an entry keeps an index into it. */
    private transient List<JoinedModel> models;
    /** By model index: what a prediction's fingerprint is mixed with, never 0, the same in every subtask. */
    private transient long[] modelKeys;
    private transient ListState<byte[]> checkpointed;
    private transient StreamRecord<JoinOutcome> emitted;
    private transient Counter matched;
    private transient Counter expired;
    private transient Counter dropped;
    private transient Counter duplicates;
    private transient Counter paired;
    /** Predictions held and not yet resolved. */
    private transient long pending;

    /** A model as the join tells models apart: a version in a role. */
    private record JoinedModel(String version, ModelRole role) {}

    /**
     * @param maxDelayMs how long, in event time, a prediction waits for its label and a label for its prediction
     * @param modelVersion the job's model, credited with dropped labels
     */
    public LabelJoin(long maxDelayMs, String modelVersion) {
        this.maxDelayMs = maxDelayMs;
        this.modelVersion = modelVersion;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        keyGroups = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        tables = new JoinTable[keyGroups.getNumberOfKeyGroups()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new JoinTable();
        }
        deadlines = new Deadlines();
        fingerprint = new ReviewFingerprint();
        models = new ArrayList<>();
        modelKeys = new long[0];
        modelIndex(modelVersion, ModelRole.CHAMPION);
        checkpointed = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("held-reviews", BytePrimitiveArraySerializer.INSTANCE));
        if (context.isRestored()) {
            for (byte[] keyGroup : checkpointed.get()) {
                restore(ByteBuffer.wrap(keyGroup));
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        emitted = new StreamRecord<>(null);
        var metrics = getMetricGroup().addGroup("labels");
        matched = metrics.counter("matched");
        expired = metrics.counter("expired_unlabeled");
        dropped = metrics.counter("dropped");
        duplicates = metrics.counter("duplicates");
        paired = metrics.counter("paired");
        metrics.gauge("pending_predictions", () -> pending);
        metrics.gauge("held_reviews", this::held);
    }

    @Override
    public void processElement1(StreamRecord<ScoredReview> element) {
        ScoredReview scored = element.getValue();
        int keyGroup = keyGroup(scored.reviewId());
        ReviewFingerprint id = fingerprint.of(scored.reviewId());
        JoinTable table = table(keyGroup);
        byte model = modelIndex(scored.modelVersion(), scored.role());
        long high = id.high() ^ modelKeys[model];
        if (table.find(high, id.low()) >= 0) {
            duplicates.inc(); // this model's prediction is waiting already, or the review was joined
            return;
        }
        long deadline = scored.eventTime() + maxDelayMs;
        int label = table.find(id.high(), id.low());
        if (label >= 0) {
            long labelTime = table.deadline(label) - maxDelayMs;
            boolean actual = table.positive(label);
            if (labelTime <= deadline) {
                emit(new JoinOutcome(JoinOutcome.Kind.MATCHED, scored.modelVersion(), scored.role(),
                        scored.eventTime(), scored.positive(), scored.logit(), actual, null, false), element);
                matched.inc();
                table.set(label, JoinTable.LABEL_JOINED, actual, table.deadline(label), 0f, (byte) 0);
                // the marker remembers the join until the prediction's deadline
                table.add(high, id.low(), JoinTable.JOINED, scored.positive(), deadline, scored.logit(), model);
                deadlines.add(deadline, high, id.low(), keyGroup);
                emitPairIfBothJoined(table, id, model, scored.eventTime(), actual, element);
                return;
            }
            if (table.kind(label) == JoinTable.LABEL) {
                // the waiting label is later than this prediction's deadline: it can never match
                emit(dropped(labelTime, actual), element);
                table.remove(label);
            }
        }
        table.add(high, id.low(), JoinTable.PREDICTION, scored.positive(), deadline, scored.logit(), model);
        deadlines.add(deadline, high, id.low(), keyGroup);
        pending++;
    }

    @Override
    public void processElement2(StreamRecord<LabelEvent> element) {
        LabelEvent label = element.getValue();
        int keyGroup = keyGroup(label.reviewId());
        ReviewFingerprint id = fingerprint.of(label.reviewId());
        JoinTable table = table(keyGroup);
        if (table.find(id.high(), id.low()) >= 0) {
            emit(dropped(label.labelTime(), label.positive()), element); // a second label
            return;
        }
        byte joinedNow = -1;
        boolean unmatchable = false;
        for (int model = 0; model < models.size(); model++) {
            int slot = table.find(id.high() ^ modelKeys[model], id.low());
            if (slot < 0) {
                continue;
            }
            if (table.kind(slot) == JoinTable.PREDICTION && label.labelTime() <= table.deadline(slot)) {
                pending--;
                matched.inc();
                JoinedModel joined = models.get(model);
                emit(new JoinOutcome(JoinOutcome.Kind.MATCHED, joined.version(), joined.role(),
                        table.deadline(slot) - maxDelayMs, table.positive(slot), table.logit(slot), label.positive(),
                        null, false), element);
                table.set(slot, JoinTable.JOINED, table.positive(slot), table.deadline(slot), table.logit(slot),
                        table.model(slot)); // the marker keeps the prediction's deadline
                joinedNow = (byte) model;
            } else {
                unmatchable = true; // joined already, or too late for the waiting prediction
            }
        }
        if (joinedNow >= 0) {
            long deadline = label.labelTime() + maxDelayMs;
            table.add(id.high(), id.low(), JoinTable.LABEL_JOINED, label.positive(), deadline, 0f, (byte) 0);
            deadlines.add(deadline, id.high(), id.low(), keyGroup);
            int slot = table.find(id.high() ^ modelKeys[joinedNow], id.low());
            emitPairIfBothJoined(table, id, joinedNow, table.deadline(slot) - maxDelayMs, label.positive(), element);
        } else if (unmatchable) {
            // too late for the waiting prediction, or a label for a review joined already
            emit(dropped(label.labelTime(), label.positive()), element);
        } else {
            long deadline = label.labelTime() + maxDelayMs;
            table.add(id.high(), id.low(), JoinTable.LABEL, label.positive(), deadline, 0f, (byte) 0);
            deadlines.add(deadline, id.high(), id.low(), keyGroup);
        }
    }

    /**
     * After {@code model}'s prediction of a review joined its label: if a model of the other role joined it too, the
     * review's pair is complete, now and only now.
     */
    private void emitPairIfBothJoined(JoinTable table, ReviewFingerprint id, byte model, long eventTime,
            boolean actual, StreamRecord<?> cause) {
        ModelRole role = models.get(model).role();
        ModelRole other = role == ModelRole.CHAMPION ? ModelRole.CHALLENGER : ModelRole.CHAMPION;
        for (int candidate = 0; candidate < models.size(); candidate++) {
            if (models.get(candidate).role() != other) {
                continue;
            }
            int slot = table.find(id.high() ^ modelKeys[candidate], id.low());
            if (slot >= 0 && table.kind(slot) == JoinTable.JOINED) {
                int mine = table.find(id.high() ^ modelKeys[model], id.low());
                int champion = role == ModelRole.CHAMPION ? mine : slot;
                int challenger = role == ModelRole.CHAMPION ? slot : mine;
                emit(JoinOutcome.paired(models.get(table.model(champion) & 0xff).version(),
                        models.get(table.model(challenger) & 0xff).version(), eventTime, table.positive(champion),
                        table.positive(challenger), actual), cause);
                paired.inc();
                return;
            }
        }
    }

    /** Fires the deadlines the watermark reached before passing it on, as Flink's timers would. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        deadlines.fire(mark.getTimestamp(), this::deadlineReached);
        super.processWatermark(mark);
    }

    private void deadlineReached(long deadline, long fingerprintHigh, long fingerprintLow, int keyGroup) {
        JoinTable table = table(keyGroup);
        int slot = table.find(fingerprintHigh, fingerprintLow);
        if (slot < 0 || table.deadline(slot) != deadline) {
            return; // resolved, or its deadline moved
        }
        if (table.kind(slot) == JoinTable.PREDICTION) {
            pending--;
            expired.inc();
            JoinedModel model = models.get(table.model(slot) & 0xff);
            emitAt(new JoinOutcome(JoinOutcome.Kind.EXPIRED, model.version(), model.role(), deadline - maxDelayMs,
                    table.positive(slot), table.logit(slot), false, null, false), deadline);
        } else if (table.kind(slot) == JoinTable.LABEL) {
            emitAt(dropped(deadline - maxDelayMs, table.positive(slot)), deadline);
        }
        table.remove(slot);
    }

    private JoinOutcome dropped(long labelTime, boolean actual) {
        dropped.inc();
        return new JoinOutcome(JoinOutcome.Kind.LABEL_DROPPED, modelVersion, labelTime, false, 0f, actual);
    }

    /** Emits {@code outcome} with the timestamp of the record it resolves. */
    private void emit(JoinOutcome outcome, StreamRecord<?> cause) {
        if (cause.hasTimestamp()) {
            emitAt(outcome, cause.getTimestamp());
        } else {
            emitted.replace(outcome);
            emitted.eraseTimestamp();
            output.collect(emitted);
        }
    }

    private void emitAt(JoinOutcome outcome, long timestamp) {
        output.collect(emitted.replace(outcome, timestamp));
    }

    /** The key group of {@code reviewId}, as Flink partitioned it. */
    private int keyGroup(String reviewId) {
        return KeyGroupRangeAssignment.assignToKeyGroup(reviewId, maxParallelism);
    }

    private JoinTable table(int keyGroup) {
        return tables[keyGroup - keyGroups.getStartKeyGroup()];
    }

    private byte modelIndex(String version, ModelRole role) {
        JoinedModel model = new JoinedModel(version, role);
        int index = models.indexOf(model);
        if (index < 0) {
            if (models.size() == 256) {
                throw new IllegalStateException("more than 256 models (version and role) held by the label join");
            }
            models.add(model);
            index = models.size() - 1;
            modelKeys = Arrays.copyOf(modelKeys, models.size());
            // a key from the name alone: every subtask and every restore mixes a model's predictions alike
            modelKeys[index] = new ReviewFingerprint().of(role + "/" + version).high() | 1;
        }
        return (byte) index;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> held = new ArrayList<>();
        byte[][] names = new byte[models.size()][];
        int namesBytes = 0;
        for (int i = 0; i < names.length; i++) {
            names[i] = models.get(i).version().getBytes(StandardCharsets.UTF_8);
            namesBytes += 4 + names[i].length + 1;
        }
        for (int i = 0; i < tables.length; i++) {
            JoinTable table = tables[i];
            if (table.size() == 0) {
                continue;
            }
            ByteBuffer out = ByteBuffer.allocate(16 + namesBytes + table.size() * JoinTable.ENTRY_BYTES);
            out.putInt(FORMAT_MARKER | STATE_FORMAT);
            out.putInt(keyGroups.getStartKeyGroup() + i).putInt(names.length);
            for (int m = 0; m < names.length; m++) {
                out.putInt(names[m].length).put(names[m]).put((byte) models.get(m).role().ordinal());
            }
            out.putInt(table.size());
            table.write(out);
            held.add(out.array());
        }
        checkpointed.update(held);
    }

    /** Adds the key group {@code in} holds if this subtask owns it, with its deadlines. */
    private void restore(ByteBuffer in) {
        int first = in.getInt();
        int format = first >= 0 ? 0 : first & 0xFFFF;
        if (first < 0 && ((first & 0xFFFF0000) != FORMAT_MARKER || format > STATE_FORMAT)) {
            throw new IllegalStateException(String.format("the label join's saved state has format %08x; this build "
                    + "reads formats 0 to %d: restore it with the build that wrote it or a later one", first,
                    STATE_FORMAT));
        }
        int keyGroup = format == 0 ? first : in.getInt(); // formats 0 and 1 differ only in the version field
        if (!keyGroups.contains(keyGroup)) {
            return;
        }
        byte[] modelIndexes = new byte[in.getInt()];
        for (int i = 0; i < modelIndexes.length; i++) {
            byte[] name = new byte[in.getInt()];
            in.get(name);
            ModelRole role = format < 2 ? ModelRole.CHAMPION : ModelRole.values()[in.get()];
            modelIndexes[i] = modelIndex(new String(name, StandardCharsets.UTF_8), role);
        }
        JoinTable table = table(keyGroup);
        table.read(in, in.getInt(), modelIndexes, format, modelKeys);
        table.forEach(slot -> {
            deadlines.add(table.deadline(slot), table.high(slot), table.low(slot), keyGroup);
            if (table.kind(slot) == JoinTable.PREDICTION) {
                pending++;
            }
        });
    }

    /** Entries held: waiting predictions and labels, joined markers and joined labels. */
    long held() {
        long held = 0;
        for (JoinTable table : tables) {
            held += table.size();
        }
        return held;
    }

    /** Predictions not joined because their review id was waiting or joined already, as the join reports them. */
    long repeatedPredictions() {
        return duplicates.getCount();
    }

    /** Deadlines not yet reached, including those of entries resolved or moved since. */
    long deadlinesAhead() {
        return deadlines.size();
    }
}
