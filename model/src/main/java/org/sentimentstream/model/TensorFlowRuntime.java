package org.sentimentstream.model;

import ai.djl.engine.Engine;

import org.tensorflow.proto.ConfigProto;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the TensorFlow native library once per class loader through DJL's engine, which is also what makes the
 * {@code org.tensorflow} core classes usable, and registers our ops ({@link SentimentOpsLibrary}), which every model
 * graph uses.
 */
public final class TensorFlowRuntime {
    /** Name of the DJL engine that serves our models. */
    public static final String ENGINE = "TensorFlow";

    private static volatile Engine engine;

    private TensorFlowRuntime() {}

    /**
     * Returns the TensorFlow engine, loading the natives and our ops on first use, with a one-line error when they are
     * missing.
     */
    public static Engine engine() {
        Engine loaded = engine;
        if (loaded == null) {
            synchronized (TensorFlowRuntime.class) {
                if (engine == null) {
                    checkLibraryPath();
                    Engine tensorFlow;
                    try {
                        tensorFlow = Engine.getEngine(ENGINE);
                    } catch (RuntimeException | UnsatisfiedLinkError e) {
                        throw new ModelException("cannot load the TensorFlow natives (" + e.getMessage()
                                + "); run through ./sentiment, which prepares them, or set TENSORFLOW_LIBRARY_PATH", e);
                    }
                    SentimentOpsLibrary.load();
                    engine = tensorFlow;
                }
                loaded = engine;
            }
        }
        return loaded;
    }

    /**
     * Session settings: {@code threads} intra-op threads, one inter-op thread (our graphs are one chain of ops), ops
     * without a GPU kernel placed on the CPU. Each session gets thread pools of its own: with TensorFlow's default
     * process-wide pools, the sessions of two scoring subtasks in one task manager take turns on a single
     * inter-op thread, so two subtasks score no faster than one.
     */
    public static ConfigProto sessionConfig(int threads) {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                .setUsePerSessionThreads(true)
                .setAllowSoftPlacement(true)
                .build();
    }

    private static void checkLibraryPath() {
        String path = System.getenv("TENSORFLOW_LIBRARY_PATH");
        if (path == null || path.isBlank()) {
            path = System.getProperty("TENSORFLOW_LIBRARY_PATH");
        }
        if (path != null && !path.isBlank() && !Files.isRegularFile(Path.of(path, "libjnitensorflow.so"))) {
            throw new ModelException("TENSORFLOW_LIBRARY_PATH=" + path
                    + " holds no libjnitensorflow.so; run './sentiment --help' once to prepare the natives");
        }
    }
}
