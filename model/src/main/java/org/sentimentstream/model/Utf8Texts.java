package org.sentimentstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfNDManager;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a batch's string tensor from the texts' UTF-8 bytes laid out in one direct buffer, reused from batch to
 * batch. DJL's {@code create(String[], ...)} encodes each text into a heap buffer that JavaCPP then copies to a
 * native allocation of its own before TensorFlow copies it once more; from direct buffers TensorFlow copies straight
 * out. Not thread-safe: one per {@link SentimentModel}.
 */
final class Utf8Texts {
    private static final int INITIAL_CAPACITY = 1 << 20;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_CAPACITY);

    /** A 1-D string tensor of {@code texts}, owned by {@code manager}. */
    NDArray tensor(TfNDManager manager, List<String> texts) {
        ByteBuffer[] views = new ByteBuffer[texts.size()];
        buffer.clear();
        for (int i = 0; i < views.length; i++) {
            byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
            if (buffer.remaining() < bytes.length) {
                // the views taken so far keep the old buffer alive until the tensor is built
                buffer = ByteBuffer.allocateDirect(Math.max(2 * buffer.capacity(), bytes.length));
            }
            int at = buffer.position();
            buffer.put(bytes);
            views[i] = buffer.slice(at, bytes.length);
        }
        return manager.createStringTensor(new Shape(views.length), views);
    }
}
