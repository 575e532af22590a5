package org.sentimentstream.trainer.graph;

import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;
import java.nio.file.*;
import java.util.*;

class ScratchProbeTest {
    @Test
    void probe() throws Exception {
        TensorFlowRuntime.engine();
        NetworkShape shape = new NetworkShape(new FeatureSpec(1 << 12, 2), 8, 4);
        float[] nb = new float[1 << 12];
        Arrays.fill(nb, 1f);
        List<String> texts = List.of("Great movie!<br />Loved it", "awful, boring film", "", "   ", "Ça été génial 😀");
        float[] labels = {1, 0, 1, 0, 1};
        try (TrainingGraph g = new TrainingGraph(shape, new AdamSettings(0.01, 0.9, 0.999, 1e-7), 1)) {
            g.assign(ParameterValues.initial(shape, nb, 1));
            long[][] f = g.features(texts);
            System.out.println("rows " + Arrays.toString(f[0]) + " buckets " + Arrays.toString(f[1]));
            for (int t = 1; t <= 50; t++) {
                float[] l = g.step(texts, labels, t);
                if (t % 10 == 0) System.out.println(Arrays.toString(l));
            }
            ParameterValues v = g.values();
            Path dir = Files.createTempDirectory("probe");
            Files.delete(dir);
            try (ServingGraph s = new ServingGraph(v, 1)) {
                System.out.println("serving " + Arrays.toString(s.logits(texts)));
                s.export(dir);
            }
            try (var st = Files.walk(dir)) { st.forEach(System.out::println); }
            var criteria = ai.djl.repository.zoo.Criteria.builder().setTypes(ai.djl.ndarray.NDList.class, ai.djl.ndarray.NDList.class)
                .optModelPath(dir).optEngine("TensorFlow").optTranslator(new ai.djl.translate.NoopTranslator()).build();
            try (var model = criteria.loadModel(); var pred = model.newPredictor(); var m = model.getNDManager().newSubManager()) {
                var in = m.create(texts.toArray(new String[0]), java.nio.charset.StandardCharsets.UTF_8, new ai.djl.ndarray.types.Shape(texts.size()));
                var out = pred.predict(new ai.djl.ndarray.NDList(in));
                System.out.println("djl " + Arrays.toString(out.get(0).toFloatArray()) + " name " + out.get(0).getName());
            }
        }
    }
}
