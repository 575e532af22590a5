package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfNDManager;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;

import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.tensorflow.internal.c_api.TF_TString;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The string tensor's views hold each text's exact UTF-8 bytes, batch after batch, as the buffer grows. */
class Utf8TextsTest {
    private final Utf8Texts utf8 = new Utf8Texts();

    @Test
    void viewsHoldEachTextsBytes() {
        assertRoundTrip(List.of("", "fine", "exactly twenty-two byt", "a text longer than a small string's 22 bytes",
                "Ça été un film superbe 10/10 — 映画 😀", "<br />markup stays"));
    }

    @Test
    void aBatchLargerThanTheBufferGrowsItAndLaterBatchesReuseIt() {
        String large = "x".repeat(700_000);
        assertRoundTrip(List.of(large, "between", large + "y"));
        assertRoundTrip(List.of("after", "the", "growth"));
        assertRoundTrip(List.of("é".repeat(400_000), "z".repeat(1_500_000)));
    }

    private void assertRoundTrip(List<String> texts) {
        TensorFlowRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(TensorFlowRuntime.ENGINE)) {
            NDArray tensor = utf8.tensor((TfNDManager) manager, texts);
            assertArrayEquals(texts.toArray(new String[0]), read(tensor));
        }
    }

    /**
     * Each string's bytes as TensorFlow's kernels see them: its size and data pointer (DJL's {@code toStringArray}
     * reads an empty string up to the next NUL, which a view does not have).
     */
    private static String[] read(NDArray array) {
        PointerScope scope = new PointerScope();
        try (TF_Tensor tensor = JavacppUtils.resolveTFETensor(((TfNDArray) array).getHandle())) {
            int n = Math.toIntExact(array.size());
            TF_TString strings = new TF_TString(tensorflow.TF_TensorData(tensor)).capacity(n);
            String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                TF_TString string = strings.getPointer(i);
                byte[] bytes = new byte[Math.toIntExact(tensorflow.TF_TString_GetSize(string))];
                tensorflow.TF_TString_GetDataPointer(string).get(bytes);
                texts[i] = new String(bytes, StandardCharsets.UTF_8);
            }
            return texts;
        } finally {
            scope.close();
        }
    }
}
