package io.github.mask4j.examples.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.file.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line records beside a saved classifier ({@value #FILE}): whether it was trained on face crops,
 * with which detector and margin, and how many training images had a face. mask-core's own files are untouched;
 * a classifier saved by the library alone simply has no notes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param faces trained on face crops ({@code train --faces})
 * @param faceModel the detector's id, null without faces
 * @param margin the crop margin, 0 without faces
 * @param images training images
 * @param facesFound training images that had a face (the others were used whole)
 * @param wholeImages sources of the training images used whole
 */
public record TrainingNotes(boolean faces, String faceModel, double margin, int images, int facesFound,
        List<String> wholeImages) {
    public static final String FILE = "mask4j-cli.json";

    public TrainingNotes {
        wholeImages = List.copyOf(wholeImages);
    }

    /** Writes the notes into {@code dir} atomically (temporary file, then a move). */
    public Path write(Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faces", faces);
        m.put("faceModel", faceModel);
        m.put("margin", margin);
        m.put("images", images);
        m.put("facesFound", facesFound);
        m.put("wholeImages", wholeImages);
        Path target = dir.resolve(FILE);
        try {
            AtomicFiles.write(target, tmp -> Files.writeString(tmp, Json.line(m) + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }

    /** The notes saved in {@code dir}, or empty when the classifier was not saved by {@code train}. */
    public static Optional<TrainingNotes> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.mapper().readTree(file.toFile());
            if (n == null || !n.isObject() || !n.path("faces").isBoolean()) {
                throw new SavedModelException(file + ": not a mask4j command line notes file (no \"faces\")");
            }
            List<String> whole = new ArrayList<>();
            n.path("wholeImages").forEach(x -> whole.add(x.asText()));
            return Optional.of(new TrainingNotes(n.get("faces").asBoolean(),
                    n.path("faceModel").isTextual() ? n.get("faceModel").asText() : null,
                    n.path("margin").asDouble(0), n.path("images").asInt(0), n.path("facesFound").asInt(0), whole));
        } catch (IOException e) {
            throw new SavedModelException(file + ": cannot be read as JSON: " + e.getMessage(), e);
        }
    }
}
