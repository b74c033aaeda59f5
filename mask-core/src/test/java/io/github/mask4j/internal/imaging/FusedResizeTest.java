package io.github.mask4j.internal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.image.ChannelOrder;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.image.Region;
import io.github.mask4j.image.ResizeMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass kernels give exactly the generic path's tensor, bit for bit, on every layout they handle, and so
 * does a frame whose rows are split over the cores.
 */
class FusedResizeTest {
    private static final PixelFormat[] FORMATS = {PixelFormat.RGB, PixelFormat.BGR, PixelFormat.RGBA,
        PixelFormat.ARGB, PixelFormat.BGRA, PixelFormat.I420};

    @Test
    void fusedKernelsMatchTheGenericPathBitForBit() {
        SplittableRandom random = new SplittableRandom(2026);
        int cases = 0;
        int windows = 0;
        for (int round = 0; round < 120; round++) {
            PixelFormat format = FORMATS[round % FORMATS.length];
            int w = 1 + random.nextInt(700);
            int h = 1 + random.nextInt(500);
            // Every few rounds the source is already at the output size: the copy-window kernel.
            boolean sameSize = round % 5 == 0;
            int outW = sameSize ? w : 1 + random.nextInt(260);
            int outH = sameSize ? h : 1 + random.nextInt(260);
            if ((long) outW * outH > 300_000) {
                continue;
            }
            RawFrame frame = frame(format, w, h, random);
            Preprocessing spec = Preprocessing.builder().size(outW, outH).imagenetNormalization()
                    .channelOrder(round % 3 == 0 ? ChannelOrder.BGR : ChannelOrder.RGB)
                    .resizeMode(sameSize || round % 2 == 0 ? ResizeMode.SQUASH : ResizeMode.CENTER_CROP).build();
            Region area = sameSize || round % 4 == 0 ? new Region(0, 0, w, h) : crop(w, h, random);
            PixelSource pixels = ImageDecoder.pixels(frame);
            TensorWriter writer = new TensorWriter(spec);
            float[] fused = new float[spec.tensorSize() + 7];
            float[] generic = new float[spec.tensorSize() + 7];
            writer.write(pixels, area, fused, 7);
            writer.gatherRows(pixels, writer.grid(pixels, area), FloatBuffer.wrap(generic), 7, 0, outH);
            float[] split = new float[spec.tensorSize() + 7];
            new TensorWriter(spec, true).write(pixels, area, split, 7);
            assertThat(split).as("rows split over cores").isEqualTo(fused);
            FloatBuffer direct = ByteBuffer.allocateDirect(generic.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            writer.write(pixels, area, direct, 7);
            float[] fromDirect = new float[generic.length];
            direct.get(0, fromDirect);
            assertThat(fromDirect).as("written into direct memory").isEqualTo(fused);
            assertThat(fused).as("%s %dx%d -> %dx%d, area %s", format, w, h, outW, outH, area).isEqualTo(generic);
            cases++;
            if (sameSize) {
                windows++;
            }
        }
        assertThat(cases).isGreaterThan(100);
        assertThat(windows).isGreaterThan(10);
    }

    private static Region crop(int w, int h, SplittableRandom random) {
        double x = random.nextDouble() * w * 0.5;
        double y = random.nextDouble() * h * 0.5;
        return new Region(x, y, Math.max(1, random.nextDouble() * (w - x)), Math.max(1, random.nextDouble() * (h - y)));
    }

    private static RawFrame frame(PixelFormat format, int w, int h, SplittableRandom random) {
        int stride = format == PixelFormat.I420 ? w + random.nextInt(3) : w * format.bytesPerPixel() + random.nextInt(5);
        int size = format == PixelFormat.I420 ? stride * h + 2 * ((stride + 1) / 2) * ((h + 1) / 2) + 16 : stride * h;
        byte[] data = new byte[size];
        random.nextBytes(data);
        return new RawFrame(format, w, h, stride, data, format + " test frame");
    }
}
