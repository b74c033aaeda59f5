package io.github.mask4j.embedding;

import io.github.mask4j.BatchResult;
import io.github.mask4j.InvalidImageException;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.model.ModelInfo;
import io.github.mask4j.model.ModelSpec;
import java.util.List;

/**
 * Turns images into feature vectors with one described backbone. The heads ({@code Classifier},
 * {@code Regressor}) and the exporter depend on this interface rather than on the concrete
 * {@code io.github.mask4j.extractor.FeatureExtractor}, which creates them: that keeps the packages free of cycles.
 *
 * <p>Implementations must be thread-safe: a head calls {@link #embed} from whichever threads call it.
 */
public interface Embedder {
    /** Images per native call when embedding a list. */
    int MAX_BATCH = 16;

    /** The backbone: id, file, checksum, preprocessing and feature dimension. */
    ModelInfo info();

    /** How the backbone was asked for. */
    ModelSpec spec();

    /** Length of every feature vector. */
    default int featureDimension() {
        return info().featureDimension();
    }

    /** Input size, resize mode and normalisation the backbone expects. */
    Preprocessing preprocessing();

    /**
     * The feature vector of one image.
     *
     * @throws InvalidImageException when the image cannot be read
     */
    float[] embed(ImageInput image);

    /**
     * Feature vectors of many images, in input order; an image that cannot be read is a
     * {@link BatchResult.Failure} in its place.
     */
    BatchResult<float[]> embed(List<? extends ImageInput> images);
}
