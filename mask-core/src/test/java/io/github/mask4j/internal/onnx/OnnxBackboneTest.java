package io.github.mask4j.internal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.store.ResolvedModel;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.testing.SharedData;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The direct session path against ONNX Runtime's own API on the same file and input. */
class OnnxBackboneTest {
    private static final Path FILE = SharedData.models().resolve("mobilenetv2-1.0-224-fp32-features.onnx");

    @Test
    void runsTheSessionDirectlyAndMatchesRawOnnxRuntime() throws Exception {
        Preprocessing pre = ModelSpec.of(BuiltinModel.MOBILENET_V2.id()).preprocessing();
        byte[] bytes = OnnxBackbone.readBytes(new ResolvedModel(FILE, "", null));
        float[] input = random(2 * pre.tensorSize(), 7);
        try (OnnxBackbone backbone = new OnnxBackbone("v2", new ResolvedModel(FILE, "", null), bytes,
                OnnxGraph.parse(bytes), List.of(), pre, 0);
                OrtSession raw = OrtEnvironment.getEnvironment().createSession(FILE.toString());
                OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input),
                        new long[] {2, 3, pre.height(), pre.width()});
                OrtSession.Result expected = raw.run(Map.of(backbone.inputName(), x), Set.of("features"))) {
            assertThat(backbone.runsSessionDirectly()).as("DJL's session reached").isTrue();
            float[] want = new float[2 * 1280];
            ((OnnxTensor) expected.get(0)).getFloatBuffer().get(want);

            // Only the outputs asked for come back; repeated and concurrent calls reuse pooled buffers.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Map<String, float[]>>> calls = pool.invokeAll(
                        java.util.Collections.nCopies(8, () -> backbone.run(input, 2, List.of("features"))));
                for (Future<Map<String, float[]>> call : calls) {
                    Map<String, float[]> got = call.get();
                    assertThat(got).containsOnlyKeys("features");
                    float[] f = got.get("features");
                    assertThat(f).hasSize(want.length);
                    for (int i = 0; i < f.length; i++) {
                        assertThat(Math.abs(f[i] - want[i])).as("features[%d]", i).isLessThan(1e-4f);
                    }
                }
            } finally {
                pool.shutdown();
            }
            // Written in place into a buffer with room for more images than the writer fills: only those run.
            float[] inPlace = backbone.run(4, List.of("features"), buffer -> {
                buffer.put(0, input);
                return 2;
            }).get("features");
            assertThat(inPlace).hasSize(want.length);
            for (int i = 0; i < inPlace.length; i++) {
                assertThat(Math.abs(inPlace[i] - want[i])).as("in place features[%d]", i).isLessThan(1e-4f);
            }
            assertThat(backbone.run(4, List.of("features"), buffer -> 0)).as("nothing written, nothing run")
                    .isEmpty();
            assertThatThrownBy(() -> backbone.run(new float[5], 1, List.of("features")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 x");
            assertThatThrownBy(() -> backbone.run(input, 2, List.of("nope")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void defaultThreadsAreTheCoresTheJvmMayUse() {
        assertThat(OnnxBackbone.defaultThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-2, 2);
        }
        return a;
    }
}
