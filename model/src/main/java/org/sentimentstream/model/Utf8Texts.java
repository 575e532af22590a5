package org.sentimentstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfNDManager;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.AbstractTFE_TensorHandle;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_TString;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a batch's string tensor whose strings are views of the texts' UTF-8 bytes, laid out in one direct buffer
 * reused from batch to batch. DJL's string tensors copy every text into a string of TensorFlow's own (a {@code malloc}
 * and a copy per text, a {@code free} when the tensor goes); a view points at the bytes where they are. The buffer
 * must outlive the tensor: it is only replaced (grown) at the start of a batch, after the previous batch's tensor is
 * closed, which {@link SentimentModel#logits} does before it returns. Not thread-safe: one per
 * {@link SentimentModel}.
 */
final class Utf8Texts {
    private static final int INITIAL_CAPACITY = 1 << 20;
    /** Bytes of one of TensorFlow's strings ({@code TF_TString}, tf_tstring.h; TF_TSTRING_SIZE in our ops). */
    private static final long STRING_BYTES = 24;
    /** DJL's array over a tensor and its eager handle, the one {@code TfNDManager.createStringTensor} makes. */
    private static final Constructor<TfNDArray> ARRAY = arrayConstructor();

    /** Allocated by the first batch: a pointer needs the natives, which the manager's engine has loaded by then. */
    private ByteBuffer buffer;
    private BytePointer bytes;

    /** A 1-D string tensor of {@code texts}, owned by {@code manager}; valid until the next call. */
    NDArray tensor(TfNDManager manager, List<String> texts) {
        int n = texts.size();
        byte[][] encoded = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            encoded[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        if (buffer == null || total > buffer.capacity()) {
            allocate(Math.toIntExact(Math.max(buffer == null ? INITIAL_CAPACITY : 2L * buffer.capacity(), total)));
        }
        buffer.clear();
        // frees the pointers made here, the tensor and its handle too unless the array holds them
        PointerScope scope = new PointerScope();
        try {
            TF_Tensor tensor = AbstractTF_Tensor.allocateTensor(tensorflow.TF_STRING, new long[] {n},
                    n * STRING_BYTES);
            // TensorFlow leaves a new tensor's strings uninitialised; zeros are empty strings, which own nothing
            TF_TString strings = new TF_TString(tensorflow.TF_TensorData(tensor)).capacity(n);
            strings.zero();
            for (int i = 0; i < n; i++) {
                int at = buffer.position();
                buffer.put(encoded[i]);
                tensorflow.TF_StringAssignView(strings.position(i), bytes.position(at), encoded[i].length);
            }
            TF_Status status = TF_Status.newStatus();
            TFE_TensorHandle handle = AbstractTFE_TensorHandle.newTensor(tensor, status);
            status.throwExceptionIfNotOK();
            TfNDArray array = ARRAY.newInstance(manager, handle, tensor);
            handle.retainReference();
            tensor.retainReference();
            return array;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wrap a string tensor in a DJL array", e);
        } finally {
            scope.close();
        }
    }

    private void allocate(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
        bytes = new BytePointer(buffer);
    }

    private static Constructor<TfNDArray> arrayConstructor() {
        try {
            Constructor<TfNDArray> constructor = TfNDArray.class.getDeclaredConstructor(TfNDManager.class,
                    TFE_TensorHandle.class, TF_Tensor.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
