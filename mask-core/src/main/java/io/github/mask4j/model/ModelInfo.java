package io.github.mask4j.model;

import io.github.mask4j.image.Preprocessing;
import java.nio.file.Path;

/**
 * What an opened model is: where it came from, its checksum, its input and its feature vector. Saved
 * classifiers record it, and refuse to load onto a model with another checksum.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id model id ({@code mobilenet_v2}, or the file name)
 * @param file the ONNX file in use
 * @param sha256 SHA-256 of that file
 * @param preprocessing how images become its input
 * @param featureDimension length of the embedding
 * @param featureSource where the embedding comes from: an output name, or the tensor detected inside the graph
 * @param classCount number of ImageNet (or other) classes of its own head
 */
public record ModelInfo(String id, Path file, String sha256, Preprocessing preprocessing, int featureDimension,
        String featureSource, int classCount) {}
