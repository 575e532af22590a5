package org.sentimentstream.trainer.graph;

import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.model.Sha256;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference graph exactly as it is served: {@code text} (string [-1]) through {@link ServedNetwork} to
 * {@code logits} (float [-1]), holding trained values in their served form. It has no
 * optimiser state and no init op: the SavedModel loader restores the variables, and every call runs only the
 * signature's subgraph.
 * The trainer scores with this very graph, so the metrics it records are those of the exported model.
 */
public final class ServingGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TString> texts;
    private final Operand<TFloat32> logits;
    private final String contentHash;

    public ServingGraph(ParameterValues values, int threads) {
        Ops tf = Ops.create(graph);
        texts = tf.withName(SentimentModel.INPUT).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
        List<float[]> served = ServedParameters.values(values);
        List<Shape> shapes = ServedParameters.shapes(values.shape()).stream().map(Shape::of).toList();
        List<Variable<TFloat32>> variables = new ArrayList<>();
        List<Placeholder<TFloat32>> feeds = new ArrayList<>();
        List<Op> assigns = new ArrayList<>();
        Ops init = tf.withSubScope("restore_trained");
        for (int i = 0; i < shapes.size(); i++) {
            Variable<TFloat32> variable = tf.withName(ServedParameters.NAMES.get(i))
                    .variable(shapes.get(i), TFloat32.class);
            Placeholder<TFloat32> feed = init.placeholder(TFloat32.class, Placeholder.shape(shapes.get(i)));
            variables.add(variable);
            feeds.add(feed);
            assigns.add(init.assign(variable, feed));
        }
        logits = ServedNetwork.logits(tf.withSubScope("network"), texts, values.shape().features(),
                ServedParameters.of(variables));

        contentHash = contentHash(graph.toGraphDef(), served);
        session = new Session(graph, TensorFlowRuntime.sessionConfig(threads));
        Session.Runner runner = session.runner();
        List<Tensor> tensors = new ArrayList<>();
        try {
            for (int i = 0; i < feeds.size(); i++) {
                TFloat32 tensor = TFloat32.tensorOf(shapes.get(i), DataBuffers.of(served.get(i), true, false));
                tensors.add(tensor);
                runner.feed(feeds.get(i), tensor);
            }
            assigns.forEach(runner::addTarget);
            runner.run();
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** Logits for a batch, computed by the graph that {@link #export(Path)} writes. */
    public float[] logits(List<String> batch) {
        try (TString x = TString.vectorOf(batch.toArray(new String[0]));
                Result result = session.runner().feed(texts, x).fetch(logits).run()) {
            return TrainingGraph.floats((TFloat32) result.get(0));
        }
    }

    /**
     * Content hash of the served function: the graph as built (serialized deterministically, before the exporter
     * adds its save ops) and every parameter value. Same weights, same hash.
     */
    public String contentHash() {
        return contentHash;
    }

    private static String contentHash(GraphDef graphDefBeforeExport, List<float[]> served) {
        MessageDigest digest = Sha256.digest();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            graphDefBeforeExport.writeTo(out);
            out.flush();
            digest.update(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 * 4096);
        for (float[] array : served) {
            for (float value : array) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(value);
            }
        }
        digest.update(buffer.flip());
        return Sha256.shortHex(digest);
    }

    /** Writes the SavedModel (tag {@code serve}, signature {@code serving_default}) into {@code dir}. */
    public void export(Path dir) throws IOException {
        Signature signature = Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .input(SentimentModel.INPUT, texts)
                .output(SentimentModel.OUTPUT, logits)
                .build();
        SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(signature).export();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
