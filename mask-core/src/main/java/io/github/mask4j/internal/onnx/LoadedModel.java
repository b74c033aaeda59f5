package io.github.mask4j.internal.onnx;

import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.internal.store.ModelResolver;
import io.github.mask4j.internal.store.ResolvedModel;
import io.github.mask4j.model.ModelSpec;
import java.util.List;
import java.util.function.Function;

/**
 * Opening an ONNX model, the one way both the feature extractor and the face detector do it: find the file
 * (resolving, downloading and checking it as the spec says), read it, parse its graph for the caller to check, then
 * start a session and dry-run it, closing the session again if the dry run fails.
 *
 * <p>Immutable; thread-safe.
 *
 * @param file the resolved file and its checksum
 * @param bytes the file's contents
 * @param graph its parsed graph
 */
public record LoadedModel(ResolvedModel file, byte[] bytes, OnnxGraph graph) {

    /**
     * Finds, reads and parses the model {@code spec} names.
     *
     * @throws ModelUnavailableException when the file cannot be found, read or parsed
     */
    public static LoadedModel load(ModelSpec spec) {
        ResolvedModel file = ModelResolver.resolve(spec);
        byte[] bytes = OnnxBackbone.readBytes(file);
        try {
            return new LoadedModel(file, bytes, OnnxGraph.parse(bytes));
        } catch (IllegalArgumentException e) {
            throw new ModelUnavailableException(file.path() + " is not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    /** A started session and what its dry run learnt. */
    public record Started<T>(OnnxBackbone backbone, T probe) {}

    /**
     * Starts a session and hands it to {@code dryRun}, which checks it (and learns what it needs) before any user
     * input arrives. When the dry run throws, the session is closed and the error is passed to {@code refusal},
     * which returns what to throw instead ({@link ModelUnavailableException}s pass unchanged).
     *
     * @param id the model's id, for logs and errors
     * @param extraOutputs graph outputs to expose besides the declared ones
     */
    public <T> Started<T> start(String id, List<String> extraOutputs, Preprocessing preprocessing, int threads,
            Function<OnnxBackbone, T> dryRun, Function<RuntimeException, ModelUnavailableException> refusal) {
        OnnxBackbone backbone = new OnnxBackbone(id, file, bytes, graph, extraOutputs, preprocessing, threads);
        try {
            return new Started<>(backbone, dryRun.apply(backbone));
        } catch (RuntimeException e) {
            backbone.close();
            if (e instanceof ModelUnavailableException m) {
                throw m;
            }
            throw refusal.apply(e);
        }
    }
}
