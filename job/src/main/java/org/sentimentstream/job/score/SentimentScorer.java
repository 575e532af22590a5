package org.sentimentstream.job.score;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.ingest.DeadLetters;
import org.sentimentstream.job.ingest.Rejected;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.ModelCommand;
import org.sentimentstream.schemas.ModelRole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Scores each batch with the champion and, when one is set, the challenger, and follows the model commands of the
 * models topic ({@link ActiveModels} says what each does).
 *
 * <p>Each subtask owns its {@link SentimentModel}s (one DJL predictor each, never shared or static). The job's
 * initial model, {@code --model-dir}, is loaded and checked in {@code open()} and fails the job without restarts when
 * it cannot serve. A model named by a command is loaded and checked by the {@link ModelLoader} on a background
 * thread while the task thread scores on; the scorer switches to the new set between two batches (looking every
 * 50 ms, so it switches on a quiet stream too). A model that fails
 * (missing files, checksum, signature, golden check, version) or a command that cannot be followed is rejected: the
 * scorer serves on as before, counts it in {@code models_rejected}, logs one line and publishes a dead letter with
 * reason MODEL_REJECTED and the command's bytes (one per scoring subtask).
 *
 * <p>The active set and the commands not yet followed (descriptors, never model bytes) are broadcast state, so a
 * restore at any parallelism serves the models active at the checkpoint (loaded again in {@code open()}) and goes
 * on with the pending commands.
 *
 * <p>Metrics, updated once per batch: {@code inference_ms} (champion) and {@code shadow_inference_ms}
 * (challenger), {@code end_to_end_ms} (event time of the batch's oldest review to scored), the counters
 * {@code reviews_scored} and {@code reviews_positive} (champion), {@code shadow_reviews_scored}; and
 * {@code model_load_ms} (the latest load), {@code model_switches}, {@code models_rejected}.
 */
public final class SentimentScorer extends ScoringOperator {
    private static final long serialVersionUID = 1L;
    /** The active set and pending commands, keyed by {@link #CHAMPION}, {@link #CHALLENGER} and pending/NNNNNN. */
    static final MapStateDescriptor<String, byte[]> MODELS_STATE = new MapStateDescriptor<>("active-models",
            StringSerializer.INSTANCE, BytePrimitiveArraySerializer.INSTANCE);
    private static final String CHAMPION = "champion";
    private static final String CHALLENGER = "challenger";
    private static final String PENDING = "pending/";
    /** How often the task thread looks whether a model has loaded. */
    private static final long LOAD_CHECK_MS = 50;

    private final String modelDir;
    private final int threads;
    private transient AvroSerde<ModelCommand> commands;
    private transient ActiveModels active;
    private transient Map<String, SentimentModel> loaded;
    private transient Queue<ModelCommandEvent> pending;
    private transient CompletableFuture<SentimentModel> loading;
    private transient ModelLoader loader;
    private transient boolean loadCheckPending;
    private transient BroadcastState<String, byte[]> state;
    private transient volatile long loadMs;
    private transient Histogram inferenceMs;
    private transient Histogram shadowInferenceMs;
    private transient Histogram endToEndMs;
    private transient Counter scoredCount;
    private transient Counter positiveCount;
    private transient Counter shadowCount;
    private transient Counter switches;
    private transient Counter rejections;

    public SentimentScorer(Path modelDir, int threads) {
        this.modelDir = modelDir.toString();
        this.threads = threads;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        commands = AvroSerde.of(ModelCommand.class);
        pending = new ArrayDeque<>();
        state = context.getOperatorStateStore().getBroadcastState(MODELS_STATE);
        if (context.isRestored() && state.contains(CHAMPION)) {
            byte[] challenger = state.get(CHALLENGER);
            active = new ActiveModels(descriptor(state.get(CHAMPION)),
                    challenger == null ? null : descriptor(challenger));
            List<String> keys = new ArrayList<>();
            state.entries().forEach(entry -> {
                if (entry.getKey().startsWith(PENDING)) {
                    keys.add(entry.getKey());
                }
            });
            keys.sort(null);
            for (String key : keys) {
                pending.add(pendingCommand(state.get(key)));
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = getMetricGroup();
        metrics.gauge("model_load_ms", () -> loadMs);
        inferenceMs = metrics.histogram("inference_ms", new DescriptiveStatisticsHistogram(1000));
        shadowInferenceMs = metrics.histogram("shadow_inference_ms", new DescriptiveStatisticsHistogram(1000));
        endToEndMs = metrics.histogram("end_to_end_ms", new DescriptiveStatisticsHistogram(1000));
        scoredCount = metrics.counter("reviews_scored");
        positiveCount = metrics.counter("reviews_positive");
        shadowCount = metrics.counter("shadow_reviews_scored");
        switches = metrics.counter("model_switches");
        rejections = metrics.counter("models_rejected");
        loaded = new HashMap<>();
        loader = new ModelLoader(threads, "model-loader-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        if (active == null) {
            openInitialModel();
        } else {
            openRestoredModels();
        }
        startNextCommand();
    }

    /** The job's own model: a model that cannot serve fails the job now instead of restarting forever. */
    private void openInitialModel() {
        long start = System.nanoTime();
        Path dir = Path.of(modelDir);
        try {
            SentimentModel model = SentimentModel.load(dir, threads);
            String version = model.metadata().modelVersion();
            loaded.put(version, model);
            active = ActiveModels.of(new ModelDescriptor(version, modelDir, ModelFiles.sha256(dir),
                    ModelRole.CHAMPION));
        } catch (ModelException e) {
            throw new SuppressRestartsException(e);
        }
        loadMs = (System.nanoTime() - start) / 1_000_000;
    }

    /** The models active at the checkpoint; a challenger that no longer loads is dropped, the champion must load. */
    private void openRestoredModels() {
        long start = System.nanoTime();
        loaded.put(active.champion().version(), ModelLoader.check(active.champion(), threads));
        if (active.challenger() != null) {
            try {
                loaded.put(active.challenger().version(), ModelLoader.check(active.challenger(), threads));
            } catch (ModelException e) {
                rejections.inc();
                LOG.warn("challenger {} rejected on restore, scoring without it: {}",
                        active.challenger().version(), e.getMessage());
                active = new ActiveModels(active.champion(), null);
            }
        }
        loadMs = (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void processElement2(StreamRecord<ModelCommandEvent> element) {
        pending.add(element.getValue());
        switchIfLoaded();
        startNextCommand();
    }

    @Override
    public void processElement1(StreamRecord<ReviewBatch> element) {
        switchIfLoaded();
        List<ReviewEvent> reviews = element.getValue().reviews();
        List<String> texts = new ArrayList<>(reviews.size());
        for (ReviewEvent review : reviews) {
            texts.add(review.text());
        }
        long start = System.nanoTime();
        List<ScoredReview> scored = score(loaded.get(active.champion().version()), ModelRole.CHAMPION, reviews,
                texts);
        inferenceMs.update((System.nanoTime() - start) / 1_000_000);
        long oldest = Long.MAX_VALUE;
        int positive = 0;
        for (ScoredReview review : scored) {
            oldest = Math.min(oldest, review.eventTime());
            positive += review.positive() ? 1 : 0;
        }
        endToEndMs.update(scored.isEmpty() ? 0 : scored.get(0).scoredAt() - oldest);
        scoredCount.inc(scored.size());
        positiveCount.inc(positive);
        List<ScoredReview> shadow = List.of();
        if (active.challenger() != null) {
            start = System.nanoTime();
            shadow = score(loaded.get(active.challenger().version()), ModelRole.CHALLENGER, reviews, texts);
            shadowInferenceMs.update((System.nanoTime() - start) / 1_000_000);
            shadowCount.inc(shadow.size());
        }
        output.collect(element.replace(new ScoredBatch(scored, shadow)));
    }

    private static List<ScoredReview> score(SentimentModel model, ModelRole role, List<ReviewEvent> reviews,
            List<String> texts) {
        float[] logits = model.logits(texts);
        long scoredAt = System.currentTimeMillis();
        String version = model.metadata().modelVersion();
        List<ScoredReview> scored = new ArrayList<>(reviews.size());
        for (int i = 0; i < logits.length; i++) {
            ReviewEvent review = reviews.get(i);
            Prediction p = Prediction.of(logits[i]);
            scored.add(new ScoredReview(review.reviewId(), review.eventTime(), scoredAt, p.probability(),
                    p.positive(), logits[i], version, review.truncated(), role));
        }
        return scored;
    }

    /** Between two batches: follows the head command once its model has loaded, or rejects it if it failed. */
    private void switchIfLoaded() {
        if (loading == null || !loading.isDone()) {
            return;
        }
        ModelCommandEvent command = pending.remove();
        CompletableFuture<SentimentModel> done = loading;
        loading = null;
        try {
            SentimentModel model = done.join();
            loaded.put(model.metadata().modelVersion(), model);
            switchTo(active.apply(command.model()));
        } catch (CompletionException e) {
            reject(command, e.getCause() == null ? e.toString() : e.getCause().getMessage());
        }
        startNextCommand();
    }

    /** Follows pending commands that need no load at once, until one needs a model loaded or none is left. */
    private void startNextCommand() {
        while (loading == null && !pending.isEmpty()) {
            ModelCommandEvent command = pending.peek();
            ActiveModels next;
            try {
                next = active.apply(command.model());
            } catch (IllegalArgumentException e) {
                pending.remove();
                reject(command, e.getMessage());
                continue;
            }
            ModelDescriptor missing = next.all().stream().filter(m -> !loaded.containsKey(m.version()))
                    .findFirst().orElse(null);
            if (missing == null) {
                pending.remove();
                switchTo(next);
            } else {
                long start = System.nanoTime();
                loading = loader.loadInBackground(missing).whenComplete(
                        (model, error) -> loadMs = (System.nanoTime() - start) / 1_000_000);
                checkLoadSoon();
            }
        }
    }

    /**
     * Looks at the load again in {@link #LOAD_CHECK_MS} on the task thread, so a loaded model switches in between
     * two batches even when no batch comes (a quiet stream, or a challenger set before the first review).
     */
    private void checkLoadSoon() {
        if (loadCheckPending) {
            return;
        }
        loadCheckPending = true;
        var time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + LOAD_CHECK_MS, now -> {
            loadCheckPending = false;
            if (loading != null && loading.isDone()) {
                switchIfLoaded();
            } else if (loading != null) {
                checkLoadSoon();
            }
        });
    }

    private void switchTo(ActiveModels next) {
        if (next.equals(active)) {
            return;
        }
        LOG.info("models switched: champion {}, challenger {} (were {}, {})", next.champion().version(),
                next.challenger() == null ? "none" : next.challenger().version(), active.champion().version(),
                active.challenger() == null ? "none" : active.challenger().version());
        active = next;
        switches.inc();
        loaded.entrySet().removeIf(entry -> {
            if (active.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    private void reject(ModelCommandEvent command, String why) {
        rejections.inc();
        String error = String.format(Locale.ROOT, "model %s rejected as %s by scoring subtask %d: %s",
                command.model().version(), command.model().role(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), why);
        LOG.warn(error);
        output.collect(DeadLetters.TAG, new StreamRecord<>(new Rejected(command.topic(), command.partition(),
                command.offset(), command.model().version().getBytes(StandardCharsets.UTF_8),
                command.value(), DeadLetterReason.MODEL_REJECTED.name(), error, System.currentTimeMillis())));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.clear();
        Instant now = Instant.now();
        state.put(CHAMPION, commands.serialize(active.champion().toCommand(now)));
        if (active.challenger() != null) {
            state.put(CHALLENGER, commands.serialize(active.challenger().toCommand(now)));
        }
        int i = 0;
        for (ModelCommandEvent command : pending) {
            state.put(String.format(Locale.ROOT, "%s%06d", PENDING, i++), pendingBytes(command));
        }
    }

    private ModelDescriptor descriptor(byte[] bytes) throws AvroDecodeException {
        return ModelDescriptor.of(commands.deserialize(bytes));
    }

    private static byte[] pendingBytes(ModelCommandEvent command) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(command.topic());
            out.writeInt(command.partition());
            out.writeLong(command.offset());
            out.writeInt(command.value().length);
            out.write(command.value());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ModelCommandEvent pendingCommand(byte[] bytes) throws IOException, AvroDecodeException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        byte[] value = in.readNBytes(in.readInt());
        return new ModelCommandEvent(ModelDescriptor.of(commands.deserialize(value)), topic, partition, offset,
                value);
    }

    /** The models served now. */
    ActiveModels active() {
        return active;
    }

    /** Waits until the model being loaded, if any, is loaded or rejected (tests only: the job never waits). */
    void awaitLoad() throws InterruptedException {
        if (loading != null) {
            try {
                loading.get();
            } catch (ExecutionException e) {
                // the next batch boundary rejects it
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (loader != null) {
                loader.close();
            }
            if (loading != null && loading.isDone() && !loading.isCompletedExceptionally()) {
                loading.join().close();
            }
            if (loaded != null) {
                loaded.values().forEach(SentimentModel::close);
                loaded.clear();
            }
        } finally {
            super.close();
        }
    }
}
