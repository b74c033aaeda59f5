package io.github.mask4j.internal.persist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.mask4j.SavedModelException;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.internal.store.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes a saved model directory: {@code model.json} plus content-addressed {@code *.bin} files.
 *
 * <p>Saving is crash-safe: binary files get names derived from their SHA-256 and are written first (each via a
 * temporary file and an atomic move), then {@code model.json} is atomically replaced: that rename is the commit.
 * A save that fails or is interrupted before it leaves the previous {@code model.json} and the files it names
 * untouched; files no longer named are deleted only after the commit.
 *
 * <p>Stateless and thread-safe, but two saves into the same directory at once must be serialised by the caller.
 */
public final class ModelFiles {
    public static final String DOCUMENT = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Called between the steps of a save; tests use it to simulate a crash at each step. */
    @FunctionalInterface
    public interface StepHook {
        void reached(String step) throws IOException;

        StepHook NONE = step -> { };
    }

    private ModelFiles() {}

    public static ObjectMapper json() {
        return JSON;
    }

    /** A binary file to write: a name prefix and named tensors. */
    public record Blob(String prefix, List<String> names, List<float[]> tensors, List<List<Integer>> shapes) {}

    /**
     * Writes {@code blobs} and then the document produced by {@code document} from their descriptions.
     */
    public static void save(Path dir, List<Blob> blobs,
            java.util.function.Function<List<ModelDocument.BinaryFile>, ModelDocument> document, StepHook hook)
            throws IOException {
        Files.createDirectories(dir);
        List<ModelDocument.BinaryFile> written = new ArrayList<>();
        for (Blob blob : blobs) {
            written.add(writeBlob(dir, blob, hook));
        }
        ModelDocument doc = document.apply(written);
        byte[] json = JSON.writeValueAsBytes(doc);
        hook.reached("document");
        writeAtomically(dir, DOCUMENT, json, hook);
        hook.reached("committed");
        deleteUnreferenced(dir, written);
    }

    private static ModelDocument.BinaryFile writeBlob(Path dir, Blob blob, StepHook hook) throws IOException {
        long floats = 0;
        List<ModelDocument.Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < blob.tensors().size(); i++) {
            tensors.add(new ModelDocument.Tensor(blob.names().get(i), blob.shapes().get(i), floats));
            floats += blob.tensors().get(i).length;
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(floats * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] t : blob.tensors()) {
            buf.asFloatBuffer().put(t);
            buf.position(buf.position() + t.length * 4);
        }
        byte[] bytes = buf.array();
        String sha = Sha256.of(bytes);
        String name = blob.prefix() + "-" + sha.substring(0, 16) + ".bin";
        hook.reached(blob.prefix());
        writeAtomically(dir, name, bytes, hook);
        return new ModelDocument.BinaryFile(name, sha, bytes.length, tensors);
    }

    /**
     * Replaces {@code file} with {@code bytes} atomically: readers see the old file or the whole new one, and a
     * failed write leaves the old file intact.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, bytes);
    }

    private static void writeAtomically(Path dir, String name, byte[] bytes, StepHook hook) throws IOException {
        AtomicFiles.write(dir.resolve(name), tmp -> {
            Files.write(tmp, bytes);
            hook.reached("written " + name);
        });
    }

    private static void deleteUnreferenced(Path dir, List<ModelDocument.BinaryFile> keep) throws IOException {
        Set<String> names = new HashSet<>();
        keep.forEach(f -> names.add(f.file()));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (!names.contains(n) && (n.startsWith("weights-") || n.startsWith("examples-"))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Reads and checks {@code model.json}. */
    public static ModelDocument readDocument(Path dir) {
        Path file = dir.resolve(DOCUMENT);
        ModelDocument doc;
        try {
            doc = JSON.readValue(file.toFile(), ModelDocument.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SavedModelException("no saved model in " + dir + " (" + DOCUMENT + " is missing)", e);
        } catch (IOException e) {
            throw new SavedModelException(file + " is not a valid mask4j model document: " + e.getMessage(), e);
        }
        if (doc == null || !ModelDocument.FORMAT.equals(doc.format())) {
            throw new SavedModelException(file + " is not a mask4j model (format is "
                    + (doc == null ? null : doc.format()) + ", expected " + ModelDocument.FORMAT + ")");
        }
        if (doc.formatVersion() < 1 || doc.formatVersion() > ModelDocument.CURRENT_VERSION) {
            throw new SavedModelException(file + " has format version " + doc.formatVersion()
                    + "; this mask4j reads versions 1 to " + ModelDocument.CURRENT_VERSION
                    + " (saved by a newer mask4j?)");
        }
        if (doc.baseModel() == null || doc.task() == null || doc.featureDimension() <= 0) {
            throw new SavedModelException(file + " lacks its task, base model or feature dimension");
        }
        return doc;
    }

    /** Reads a binary file, checking its size and SHA-256, and returns its tensors by position. */
    public static List<float[]> readBlob(Path dir, ModelDocument.BinaryFile ref) {
        if (ref == null || ref.file() == null || ref.file().contains("/") || ref.file().contains("\\")) {
            throw new SavedModelException("model document in " + dir + " names no valid binary file");
        }
        Path file = dir.resolve(ref.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SavedModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length != ref.bytes()) {
            throw new SavedModelException(file + " has " + bytes.length + " bytes, expected " + ref.bytes()
                    + " (truncated or replaced)");
        }
        String sha = Sha256.of(bytes);
        if (!sha.equals(ref.sha256())) {
            throw new SavedModelException(file + " is corrupt: sha256 " + sha + ", expected " + ref.sha256());
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> out = new ArrayList<>();
        for (ModelDocument.Tensor t : ref.tensors()) {
            long count = 1;
            for (int s : t.shape()) {
                count *= s;
            }
            if (t.offset() < 0 || (t.offset() + count) * 4 > bytes.length) {
                throw new SavedModelException(file + ": tensor " + t.name() + " " + t.shape()
                        + " does not fit in the file");
            }
            float[] f = new float[(int) count];
            buf.position((int) (t.offset() * 4));
            buf.asFloatBuffer().get(f);
            out.add(f);
        }
        return out;
    }
}
