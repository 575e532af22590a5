package org.sentimentstream.job.score;

import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.SentimentModel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Loads and checks models off the task thread, one at a time: a load takes seconds and the task thread must keep
 * processing records and checkpoint barriers meanwhile. {@link #check} is the whole admission of a model: the files'
 * SHA-256 as the command gives it, then {@link SentimentModel#load} (signature and golden examples), then the
 * version the metadata declares.
 */
public final class ModelLoader implements AutoCloseable {
    private final int threads;
    private final ExecutorService executor;

    /** @param name names the thread, for thread dumps */
    public ModelLoader(int threads, String name) {
        this.threads = threads;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Loads {@code model} on the loader's thread; the future fails with a {@link ModelException} saying why. */
    public CompletableFuture<SentimentModel> loadInBackground(ModelDescriptor model) {
        return CompletableFuture.supplyAsync(() -> check(model, threads), executor);
    }

    /** Loads {@code model} on the calling thread, or throws a {@link ModelException} saying why it must not serve. */
    public static SentimentModel check(ModelDescriptor model, int threads) {
        String sha256 = ModelFiles.sha256(model.directory());
        if (!sha256.equalsIgnoreCase(model.sha256())) {
            throw new ModelException("the files of " + model.directory() + " have SHA-256 " + sha256 + ", not "
                    + model.sha256() + " as the command says");
        }
        SentimentModel loaded = SentimentModel.load(model.directory(), threads);
        String version = loaded.metadata().modelVersion();
        if (!version.equals(model.version())) {
            loaded.close();
            throw new ModelException("the model in " + model.directory() + " is version " + version + ", not "
                    + model.version() + " as the command says");
        }
        return loaded;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(1, TimeUnit.MINUTES);
    }
}
