package io.github.mask4j.bench;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.LabelConfidence;
import io.github.mask4j.classification.Reliability;
import io.github.mask4j.classification.SourceManifest;
import io.github.mask4j.classification.SourcedImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.imaging.ImageDecoder;
import io.github.mask4j.internal.nn.Calibration;
import io.github.mask4j.internal.nn.Knn;
import io.github.mask4j.internal.nn.LinearHead;
import io.github.mask4j.internal.nn.Mlp;
import io.github.mask4j.internal.nn.TrainingLoop;
import io.github.mask4j.training.Augmentation;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The experiment behind docs/accuracy.md: leave-one-source-out accuracy of every head, with and without
 * augmentation, with full training sets and a few images per class, for a backbone, over five seeds. Embeddings
 * (original, mirrored, and every augmented copy per seed) are made once and cached under
 * {@code target/accuracy-cache}, so comparing heads costs only head training. Prints one table row per
 * configuration.
 *
 * <p>Run: {@code java -cp mask-bench/target/benchmarks.jar io.github.mask4j.bench.AccuracyHarness mobilenet_v2 [configs]}
 *
 * <p>Not thread-safe (a command-line program).
 */
public final class AccuracyHarness {
    static final long[] SEEDS = {1, 7, 42, 100, 2026};
    static final int COPIES = 4;

    private final String backbone;
    private final List<SourcedImage> images;
    private final List<String> sources;
    private final int[] label;
    private final int[] source;
    private float[][] original;
    private float[][] mirrored;
    private float[][][][] augmented; // [seed][image][copy]

    private AccuracyHarness(String backbone, List<SourcedImage> images) {
        this.backbone = backbone;
        this.images = images;
        this.sources = images.stream().map(SourcedImage::source).distinct().sorted().toList();
        List<String> labels = images.stream().map(i -> i.image().label()).distinct().sorted().toList();
        label = images.stream().mapToInt(i -> labels.indexOf(i.image().label())).toArray();
        source = images.stream().mapToInt(i -> sources.indexOf(i.source())).toArray();
    }

    public static void main(String[] args) throws IOException {
        String backbone = args.length > 0 ? args[0] : "mobilenet_v2";
        Path data = Fixtures.dataDir().resolve("masks");
        List<SourcedImage> images = SourceManifest.read(data.resolve("manifest.csv"), data, "portion");
        AccuracyHarness h = new AccuracyHarness(backbone, images);
        h.embedAll();
        List<String> only = args.length > 1 ? Arrays.asList(args[1].split(",")) : List.of();
        int[] copies = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {0, 2, 4};
        int[] perClass = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {0, 10, 5};
        if (only.contains("embed-only")) {
            return;
        }
        System.out.println("| backbone | head | aug copies | TTA flip | N/class | mean | worst seed | per source (mean of seeds) | ECE | train ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Head head : heads()) {
            if (!only.isEmpty() && !only.contains(head.name)) {
                continue;
            }
            for (int c : copies) {
                for (int n : perClass) {
                    h.run(head, c, n);
                }
            }
        }
    }

    /** A head: trains on (x, y, seed) and returns a probability function. */
    record Head(String name, Trainer trainer) {}

    interface Trainer {
        Function<float[], float[]> train(float[][] x, int[] y, long seed);
    }

    static List<Head> heads() {
        TrainingOptions nn = TrainingOptions.defaults();
        return List.of(
                new Head("nn", (x, y, s) -> mlp(x, y, nn.toBuilder().seed(s).build())::predict),
                new Head("nn-balanced", (x, y, s) -> {
                    int[] idx = balanced(y, s);
                    return mlp(Arrays.stream(idx).mapToObj(i -> x[i]).toArray(float[][]::new),
                            Arrays.stream(idx).map(i -> y[i]).toArray(), nn.toBuilder().seed(s).build())::predict;
                }),
                new Head("nn-wd=0.01", (x, y, s) -> mlp(x, y, nn.toBuilder().weightDecay(0.01).seed(s).build())::predict),
                new Head("nn-30ep", (x, y, s) -> mlp(x, y, nn.toBuilder().epochs(30).seed(s).build())::predict),
                new Head("linear-l2=0.001", (x, y, s) -> LinearHead.train(x, y, 2, 0.001, s)::predict),
                new Head("linear-l2=1", (x, y, s) -> LinearHead.train(x, y, 2, 1, s)::predict),
                new Head("knn-7", (x, y, s) -> new Knn(7, x, y, 2)::predict),
                new Head("linear-l2=0.01", (x, y, s) -> LinearHead.train(x, y, 2, 0.01, s)::predict),
                new Head("linear-l2=0.1", (x, y, s) -> LinearHead.train(x, y, 2, 0.1, s)::predict),
                new Head("knn-1", (x, y, s) -> new Knn(1, x, y, 2)::predict),
                new Head("knn-3", (x, y, s) -> new Knn(3, x, y, 2)::predict),
                new Head("nn+knn-7", (x, y, s) -> {
                    Mlp net = mlp(x, y, nn.toBuilder().seed(s).build());
                    Knn knn = new Knn(7, x, y, 2);
                    return v -> {
                        float[] a = net.predict(v);
                        float[] b = knn.predict(v);
                        return new float[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2};
                    };
                }),
                new Head("ens5-nn", (x, y, s) -> {
                    List<Mlp> members = new ArrayList<>();
                    for (int m = 0; m < 5; m++) {
                        members.add(mlp(x, y, nn.toBuilder().seed(s * 31 + m).build()));
                    }
                    return v -> {
                        float[] sum = new float[2];
                        for (Mlp member : members) {
                            float[] p = member.predict(v);
                            for (int k = 0; k < 2; k++) {
                                sum[k] += p[k] / members.size();
                            }
                        }
                        return sum;
                    };
                }));
    }

    /** Indices that repeat the rarer class's examples (drawn with the seed) until both classes count the same. */
    static int[] balanced(int[] y, long seed) {
        List<Integer> out = new ArrayList<>();
        int[] count = new int[2];
        for (int i = 0; i < y.length; i++) {
            out.add(i);
            count[y[i]]++;
        }
        int rare = count[0] < count[1] ? 0 : 1;
        int[] rareIdx = IntStream.range(0, y.length).filter(i -> y[i] == rare).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = count[rare]; k < count[1 - rare]; k++) {
            out.add(rareIdx[r.nextInt(rareIdx.length)]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static Mlp mlp(float[][] x, int[] y, TrainingOptions options) {
        double[] t = Arrays.stream(y).asDoubleStream().toArray();
        return TrainingLoop.run(x, t, 2, options, TrainingListener.none()).network();
    }

    /** One configuration over every seed and every left-out source; prints a row for plain and flip-averaged. */
    void run(Head head, int copies, int perClass) {
        int s = SEEDS.length;
        int k = sources.size();
        double[][] acc = new double[s][k];
        double[][] accFlip = new double[s][k];
        double[] ece = new double[s];
        double[] eceFlip = new double[s];
        long[] millis = new long[s];
        IntStream.range(0, s).parallel().forEach(si -> {
            List<double[]> conf = new ArrayList<>();
            List<double[]> confFlip = new ArrayList<>();
            for (int fold = 0; fold < k; fold++) {
                int[] train = trainIndices(fold, perClass, SEEDS[si]);
                // temperature: fit on a stratified fifth held out of the training sources, then refit on all
                int[][] split = holdOut(train, SEEDS[si]);
                Function<float[], float[]> probe = head.trainer.train(x(split[0], si, copies), y(split[0], copies),
                        SEEDS[si]);
                float[][] valP = Arrays.stream(split[1]).mapToObj(i -> probe.apply(original[i])).toArray(float[][]::new);
                double t = Calibration.fit(valP, Arrays.stream(split[1]).map(i -> label[i]).toArray());
                long t0 = System.nanoTime();
                Function<float[], float[]> f = head.trainer.train(x(train, si, copies), y(train, copies), SEEDS[si]);
                millis[si] += (System.nanoTime() - t0) / 1_000_000;
                int right = 0;
                int rightFlip = 0;
                int total = 0;
                for (int i = 0; i < images.size(); i++) {
                    if (source[i] != fold) {
                        continue;
                    }
                    float[] p = Calibration.apply(f.apply(original[i]), t);
                    float[] q = f.apply(mirrored[i]);
                    float[] pf = new float[2];
                    float[] raw = f.apply(original[i]);
                    for (int c = 0; c < 2; c++) {
                        pf[c] = (raw[c] + q[c]) / 2;
                    }
                    Calibration.apply(pf, t);
                    total++;
                    right += argmax(p) == label[i] ? 1 : 0;
                    rightFlip += argmax(pf) == label[i] ? 1 : 0;
                    conf.add(new double[] {p[argmax(p)], argmax(p) == label[i] ? 1 : 0});
                    confFlip.add(new double[] {pf[argmax(pf)], argmax(pf) == label[i] ? 1 : 0});
                }
                acc[si][fold] = (double) right / total;
                accFlip[si][fold] = (double) rightFlip / total;
            }
            ece[si] = ece(conf);
            eceFlip[si] = ece(confFlip);
            millis[si] /= k;
        });
        print(head.name, copies, false, perClass, acc, ece, millis);
        print(head.name, copies, true, perClass, accFlip, eceFlip, millis);
    }

    /** ECE of (top confidence, right?) pairs, through the library's {@link Reliability}. */
    private static double ece(List<double[]> conf) {
        List<Classification> results = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (double[] c : conf) {
            results.add(new Classification("", List.of(new LabelConfidence("predicted", c[0]),
                    new LabelConfidence("other", 1 - c[0]))));
            truth.add(c[1] > 0 ? "predicted" : "other");
        }
        return Reliability.of(results, truth, Reliability.DEFAULT_BINS).expectedCalibrationError();
    }

    private void print(String head, int copies, boolean flip, int perClass, double[][] acc, double[] ece,
            long[] millis) {
        double[] means = Arrays.stream(acc).mapToDouble(a -> Arrays.stream(a).average().orElse(0)).toArray();
        StringBuilder per = new StringBuilder();
        for (int fold = 0; fold < sources.size(); fold++) {
            int f = fold;
            per.append(String.format(Locale.ROOT, "%s%s %.3f", fold == 0 ? "" : ", ", sources.get(fold),
                    Arrays.stream(acc).mapToDouble(a -> a[f]).average().orElse(0)));
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.4f | %.4f | %s | %.3f | %d |%n", backbone, head,
                copies, flip ? "yes" : "no", perClass == 0 ? "all" : String.valueOf(perClass),
                Arrays.stream(means).average().orElse(0), Arrays.stream(means).min().orElse(0), per,
                Arrays.stream(ece).average().orElse(0), (long) Arrays.stream(millis).average().orElse(0));
        System.out.flush();
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Every image of the other sources, or {@code perClass} of each label drawn from them with the seed. */
    private int[] trainIndices(int fold, int perClass, long seed) {
        int[] all = IntStream.range(0, images.size()).filter(i -> source[i] != fold).toArray();
        if (perClass == 0) {
            return all;
        }
        SplittableRandom r = new SplittableRandom(seed * 1000 + fold);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int cls = c;
            List<Integer> members = shuffled(Arrays.stream(all).filter(i -> label[i] == cls), r);
            out.addAll(members.subList(0, Math.min(perClass, members.size())));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The indices in a seeded random order (Fisher-Yates). */
    private static List<Integer> shuffled(IntStream indices, SplittableRandom r) {
        List<Integer> members = new ArrayList<>(indices.boxed().toList());
        for (int i = members.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
        return members;
    }

    /** A stratified fifth of {@code idx} (at least one per class) as [train, held out]. */
    private int[][] holdOut(int[] idx, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> keep = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int cls = c;
            List<Integer> members = shuffled(Arrays.stream(idx).filter(i -> label[i] == cls), r);
            int h = Math.max(1, Math.min(members.size() - 1, (int) Math.round(members.size() * 0.2)));
            held.addAll(members.subList(0, h));
            keep.addAll(members.subList(h, members.size()));
        }
        return new int[][] {keep.stream().mapToInt(Integer::intValue).toArray(),
            held.stream().mapToInt(Integer::intValue).toArray()};
    }

    private float[][] x(int[] idx, int si, int copies) {
        List<float[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(original[i]);
            for (int c = 0; c < copies; c++) {
                out.add(augmented[si][i][c]);
            }
        }
        return out.toArray(new float[0][]);
    }

    private int[] y(int[] idx, int copies) {
        int[] out = new int[idx.length * (1 + copies)];
        for (int j = 0; j < idx.length; j++) {
            Arrays.fill(out, j * (1 + copies), (j + 1) * (1 + copies), label[idx[j]]);
        }
        return out;
    }

    private void embedAll() throws IOException {
        Path cache = Path.of("target", "accuracy-cache", backbone + "-" + COPIES + ".bin");
        int n = images.size();
        original = new float[n][];
        mirrored = new float[n][];
        augmented = new float[SEEDS.length][n][COPIES][];
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
                for (int i = 0; i < n; i++) {
                    original[i] = read(in);
                    mirrored[i] = read(in);
                    for (int s = 0; s < SEEDS.length; s++) {
                        for (int c = 0; c < COPIES; c++) {
                            augmented[s][i][c] = read(in);
                        }
                    }
                }
            }
            return;
        }
        long t0 = System.nanoTime();
        try (FeatureExtractor fe = Fixtures.open(backbone)) {
            for (int i = 0; i < n; i++) {
                ImageInput.File file = (ImageInput.File) images.get(i).image().image();
                BufferedImage img = ImageDecoder.read(file.path());
                List<ImageInput> batch = new ArrayList<>();
                batch.add(ImageInput.of(img));
                batch.add(ImageInput.of(Augmentation.flip(img)));
                long key = Augmentation.sourceKey(file.source());
                for (long seed : SEEDS) {
                    for (int c = 0; c < COPIES; c++) {
                        batch.add(ImageInput.of(Augmentation.copy(img, Augmentation.copySeed(seed, key, c))));
                    }
                }
                List<float[]> v = fe.embed(batch).valuesOrThrow();
                original[i] = v.get(0);
                mirrored[i] = v.get(1);
                for (int s = 0; s < SEEDS.length; s++) {
                    for (int c = 0; c < COPIES; c++) {
                        augmented[s][i][c] = v.get(2 + s * COPIES + c);
                    }
                }
                if (i % 20 == 0) {
                    System.err.printf(Locale.ROOT, "%s: embedded %d/%d images (%.0f s)%n", backbone, i, n,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        AtomicFiles.write(cache, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                for (int i = 0; i < n; i++) {
                    write(out, original[i]);
                    write(out, mirrored[i]);
                    for (int s = 0; s < SEEDS.length; s++) {
                        for (int c = 0; c < COPIES; c++) {
                            write(out, augmented[s][i][c]);
                        }
                    }
                }
            }
        });
    }

    private static float[] read(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void write(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

}
