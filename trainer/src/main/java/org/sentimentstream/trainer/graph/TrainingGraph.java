package org.sentimentstream.trainer.graph;

import org.sentimentstream.model.TensorFlowRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Unique;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

import java.util.ArrayList;
import java.util.List;

/**
 * The graph and session that train the network. The C++ gradient registry of this TensorFlow build has no
 * gradient for the sparse embedding ops, so the gradient is taken with respect to the gathered embedding rows and
 * applied to the touched table rows only (lazy Adam); the dense layers use the regular Adam kernel. Each member
 * of the network is trained on its own sigmoid cross-entropy (its gradient fed in analytically:
 * {@code sigmoid(logit) - label}, averaged over the batch), as if it were trained alone; the logits the trainer
 * reports are their mean.
 */
public final class TrainingGraph implements AutoCloseable {
    private static final int DENSE_FIRST = 2; // w1, b1, w2, b2 follow table and nb_weights

    private final NetworkShape shape;
    private final AdamSettings adam;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TString> texts;
    private final Placeholder<TFloat32> labels;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Placeholder<TFloat32> correctedRate;
    private final Placeholder<TInt64> dropoutSeed;
    private final long seed;
    private final TextFeatures features;
    private final SentimentNetwork network;
    private final SentimentNetwork evaluation;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Placeholder<TFloat32>> initialValues = new ArrayList<>();
    private final Op assignAll;
    private final Op resetSlots;
    private final Op trainStep;
    private final Op saveBest;
    private final Op restoreBest;

    /**
     * @param dropout fraction of n-gram features dropped in each training step (0 for none)
     * @param seed seeds the dropout draws, together with the step number
     */
    public TrainingGraph(NetworkShape shape, AdamSettings adam, double dropout, long seed, int threads) {
        this.shape = shape;
        this.adam = adam;
        this.seed = seed;
        Ops tf = Ops.create(graph);
        texts = tf.withName("text").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
        labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        correctedRate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        dropoutSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));

        List<long[]> shapes = Parameters.shapes(shape);
        List<Op> assigns = new ArrayList<>();
        List<Op> slotResets = new ArrayList<>();
        List<Variable<TFloat32>> m = new ArrayList<>();
        List<Variable<TFloat32>> v = new ArrayList<>();
        List<Op> saves = new ArrayList<>();
        List<Op> restores = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            String name = Parameters.NAMES.get(i);
            Shape s = Shape.of(shapes.get(i));
            Variable<TFloat32> variable = tf.withName(name).variable(s, TFloat32.class);
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(s));
            variables.add(variable);
            initialValues.add(value);
            assigns.add(tf.assign(variable, value));
            Variable<TFloat32> best = tf.withName(name + "_best").variable(s, TFloat32.class);
            saves.add(tf.assign(best, variable));
            restores.add(tf.assign(variable, best));
            Variable<TFloat32> mi = tf.withName(name + "_adam_m").variable(s, TFloat32.class);
            Variable<TFloat32> vi = tf.withName(name + "_adam_v").variable(s, TFloat32.class);
            m.add(mi);
            v.add(vi);
            slotResets.add(tf.assign(mi, tf.zerosLike(variable)));
            slotResets.add(tf.assign(vi, tf.zerosLike(variable)));
        }
        assignAll = group(tf, assigns);
        resetSlots = group(tf, slotResets);
        saveBest = group(tf, saves);
        restoreBest = group(tf, restores);

        List<Operand<TFloat32>> reads = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            reads.add(i < DENSE_FIRST ? variables.get(i) : tf.identity(variables.get(i)));
        }
        features = TextFeatures.of(tf, texts, shape.features());
        evaluation = SentimentNetwork.of(tf, shape, features, Parameters.of(reads));
        network = dropout > 0
                ? SentimentNetwork.withDropout(tf, shape, features, Parameters.of(reads), dropout, dropoutSeed)
                : evaluation;

        Operand<TFloat32> batch = tf.dtypes.cast(features.batch(), TFloat32.class);
        Operand<TFloat32> dLogits = tf.math.div(tf.math.sub(tf.math.sigmoid(network.memberLogits()),
                tf.expandDims(labels, tf.constant(-1))), batch);
        List<Output<?>> wrt = new ArrayList<>();
        wrt.add(network.embedded().asOutput());
        for (int i = DENSE_FIRST; i < reads.size(); i++) {
            wrt.add(reads.get(i).asOutput());
        }
        Output<?>[] grads = graph.addGradients("gradients", new Output<?>[] {network.memberLogits().asOutput()},
                wrt.toArray(new Output<?>[0]), new Output<?>[] {dLogits.asOutput()});

        // Every update waits for every gradient, so no kernel reads a parameter another step already moved.
        Ops after = tf.withControlDependencies(List.of(grads));
        List<Op> updates = new ArrayList<>(lazyAdam(after, variables.get(0), m.get(0), v.get(0), cast(grads[0])));
        for (int i = DENSE_FIRST; i < variables.size(); i++) {
            updates.add(after.train.applyAdam(variables.get(i), m.get(i), v.get(i), beta1Power, beta2Power,
                    after.constant((float) adam.learningRate()), after.constant((float) adam.beta1()),
                    after.constant((float) adam.beta2()), after.constant((float) adam.epsilon()),
                    cast(grads[i - DENSE_FIRST + 1])));
        }
        trainStep = group(tf, updates);

        session = new Session(graph, TensorFlowRuntime.sessionConfig(threads));
    }

    private List<Op> lazyAdam(Ops tf, Variable<TFloat32> table, Variable<TFloat32> m, Variable<TFloat32> v,
            Operand<TFloat32> rowGrads) {
        Unique<TInt64, TInt32> touched = tf.unique(features.buckets(), tf.constant(new long[] {0}), TInt32.class);
        Operand<TFloat32> g = tf.math.unsortedSegmentSum(rowGrads, touched.idx(), tf.size(touched.y()));
        Operand<TFloat32> b1 = tf.constant((float) adam.beta1());
        Operand<TFloat32> b2 = tf.constant((float) adam.beta2());
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> mRows = tf.math.add(tf.math.mul(b1, tf.gather(m, touched.y(), tf.constant(0))),
                tf.math.mul(tf.math.sub(one, b1), g));
        Operand<TFloat32> vRows = tf.math.add(tf.math.mul(b2, tf.gather(v, touched.y(), tf.constant(0))),
                tf.math.mul(tf.math.sub(one, b2), tf.math.square(g)));
        Operand<TFloat32> step = tf.math.div(tf.math.mul(correctedRate, mRows),
                tf.math.add(tf.math.sqrt(vRows), tf.constant((float) adam.epsilon())));
        return List.of(tf.scatterUpdate(m, touched.y(), mRows), tf.scatterUpdate(v, touched.y(), vRows),
                tf.scatterSub(table, touched.y(), step));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> cast(Output<?> output) {
        return (Operand<TFloat32>) output;
    }

    private static Op group(Ops tf, List<Op> ops) {
        return tf.withControlDependencies(ops).noOp();
    }

    /** Sets every parameter and zeroes the optimiser state. */
    public void assign(ParameterValues values) {
        Session.Runner runner = session.runner();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            for (int i = 0; i < initialValues.size(); i++) {
                TFloat32 tensor = values.tensor(i);
                tensors.add(tensor);
                runner.feed(initialValues.get(i), tensor);
            }
            runner.addTarget(assignAll).run();
            session.runner().addTarget(resetSlots).run();
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /**
     * One optimiser step on a batch.
     *
     * @param t 1-based step number, for Adam's bias correction
     * @return the batch's logits before the step (with dropout, as trained)
     */
    public float[] step(List<String> batch, float[] batchLabels, long t) {
        try (TString x = TString.vectorOf(batch.toArray(new String[0]));
                TFloat32 y = TFloat32.vectorOf(batchLabels);
                TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(adam.beta1(), t));
                TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(adam.beta2(), t));
                TFloat32 rate = TFloat32.scalarOf((float) adam.correctedRate(t));
                TInt64 stepSeed = TInt64.vectorOf(seed, t);
                Result result = session.runner().feed(texts, x).feed(labels, y).feed(beta1Power, p1)
                        .feed(beta2Power, p2).feed(correctedRate, rate).feed(dropoutSeed, stepSeed)
                        .fetch(network.logits()).addTarget(trainStep).run()) {
            return floats((TFloat32) result.get(0));
        }
    }

    /** Logits for a batch with the current parameters, without dropout. */
    public float[] logits(List<String> batch) {
        try (TString x = TString.vectorOf(batch.toArray(new String[0]));
                Result result = session.runner().feed(texts, x).fetch(evaluation.logits()).run()) {
            return floats((TFloat32) result.get(0));
        }
    }

    /**
     * The distinct hashed n-gram buckets of each text, as the served graph will see them.
     *
     * @return {@code [rows, buckets]}, two parallel arrays
     */
    public long[][] features(List<String> batch) {
        try (TString x = TString.vectorOf(batch.toArray(new String[0]));
                Result result = session.runner().feed(texts, x).fetch(features.rows())
                        .fetch(features.buckets()).run()) {
            return new long[][] {longs((TInt64) result.get(0)), longs((TInt64) result.get(1))};
        }
    }

    /** Remembers the current parameters as the best so far. */
    public void saveBest() {
        session.runner().addTarget(saveBest).run();
    }

    /** Puts back the parameters last remembered by {@link #saveBest()}. */
    public void restoreBest() {
        session.runner().addTarget(restoreBest).run();
    }

    /** Copies the current parameters out of the session. */
    public ParameterValues values() {
        Session.Runner runner = session.runner();
        variables.forEach(runner::fetch);
        try (Result result = runner.run()) {
            List<Tensor> tensors = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                tensors.add(result.get(i));
            }
            return ParameterValues.read(shape, tensors);
        }
    }

    static float[] floats(TFloat32 tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    private static long[] longs(TInt64 tensor) {
        long[] values = new long[Math.toIntExact(tensor.size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
