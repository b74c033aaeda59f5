package io.github.mask4j.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * How pixels become a model's input tensor: resize to {@code width x height} (bilinear, half-pixel centres),
 * then for each channel {@code (pixel / 255 - mean[c]) / std[c]}, laid out NCHW in {@code channelOrder}.
 *
 * <pre>{@code
 * Preprocessing imagenet = Preprocessing.builder().size(224).imagenetNormalization().build();
 * Preprocessing ml5 = imagenet.withResizeMode(ResizeMode.SQUASH);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param width input width in pixels
 * @param height input height in pixels
 * @param mean per-channel mean on the 0..1 scale, in RGB order
 * @param std per-channel standard deviation on the 0..1 scale, in RGB order
 * @param channelOrder order of the planes in the tensor
 * @param resizeMode centre crop or squash
 */
public record Preprocessing(int width, int height, float[] mean, float[] std, ChannelOrder channelOrder,
        ResizeMode resizeMode) {

    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public Preprocessing {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(channelOrder, "channelOrder");
        Objects.requireNonNull(resizeMode, "resizeMode");
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need exactly 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("std values must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    public Preprocessing withResizeMode(ResizeMode mode) {
        return new Preprocessing(width, height, mean, std, channelOrder, mode);
    }

    /** Number of floats one image takes in the tensor. */
    public int tensorSize() {
        return 3 * width * height;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && width == p.width && height == p.height
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std) && channelOrder == p.channelOrder
                && resizeMode == p.resizeMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, Arrays.hashCode(mean), Arrays.hashCode(std), channelOrder, resizeMode);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + width + "x" + height + ", mean " + Arrays.toString(mean) + ", std "
                + Arrays.toString(std) + ", " + channelOrder + ", " + resizeMode + "]";
    }

    /** Builder for {@link Preprocessing}; defaults: 224x224, ImageNet mean/std, RGB, centre crop. Not thread-safe. */
    public static final class Builder {
        private int width = 224;
        private int height = 224;
        private float[] mean = IMAGENET_MEAN;
        private float[] std = IMAGENET_STD;
        private ChannelOrder channelOrder = ChannelOrder.RGB;
        private ResizeMode resizeMode = ResizeMode.CENTER_CROP;

        private Builder() {}

        public Builder size(int side) {
            return size(side, side);
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder mean(float r, float g, float b) {
            this.mean = new float[] {r, g, b};
            return this;
        }

        public Builder std(float r, float g, float b) {
            this.std = new float[] {r, g, b};
            return this;
        }

        /** {@code (pixel/255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]}: torchvision and ONNX zoo models. */
        public Builder imagenetNormalization() {
            this.mean = IMAGENET_MEAN;
            this.std = IMAGENET_STD;
            return this;
        }

        /** {@code pixel / 127.5 - 1}: TensorFlow-slim and Keras MobileNets. */
        public Builder minusOneToOne() {
            return mean(0.5f, 0.5f, 0.5f).std(0.5f, 0.5f, 0.5f);
        }

        /** Raw 0..255 values, no normalisation (OpenCV models such as YuNet). */
        public Builder raw255() {
            float s = 1f / 255f;
            return mean(0, 0, 0).std(s, s, s);
        }

        public Builder channelOrder(ChannelOrder order) {
            this.channelOrder = order;
            return this;
        }

        public Builder resizeMode(ResizeMode mode) {
            this.resizeMode = mode;
            return this;
        }

        public Preprocessing build() {
            return new Preprocessing(width, height, mean, std, channelOrder, resizeMode);
        }
    }
}
