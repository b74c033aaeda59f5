package io.github.mask4j.file;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replacing a file so that readers see the old file or the whole new one, never half of it, and a failed write
 * leaves the old file intact: write a temporary file beside the target, then move it into place atomically (or,
 * on a file system that cannot move atomically, with a plain replacing move). Every mask4j module writes its
 * files (saved models, exports, downloads, videos, charts, notes) through this class.
 *
 * <p>Stateless and thread-safe; two writers of the same target each write their own temporary file, and the last
 * move wins.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What goes into the temporary file before it is moved into place. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Replaces {@code file} with {@code bytes}, creating its directory if needed. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Replaces {@code file} with what {@code content} writes into a temporary file beside it, creating the
     * directory if needed. The new file is readable by all (temporary files are created owner-only, and a saved
     * file should be as readable as any other). The temporary file is deleted whatever happens.
     */
    public static void write(Path file, Content content) throws IOException {
        Path tmp = temporaryBeside(file, ".tmp");
        try {
            content.writeTo(tmp);
            readableByAll(tmp);
            moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new, empty, owner-only temporary file in {@code file}'s directory (created if needed), hidden and named
     * after {@code file}, for writers that fill it over time (a download, a video encoder) before
     * {@link #moveIntoPlace}. The caller deletes it if it does not move it.
     *
     * @param suffix the temporary file's ending: {@code .part} for a download in progress, the target's own
     *     extension for tools that choose a format by it
     */
    public static Path temporaryBeside(Path file, String suffix) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + file.getFileName() + ".", suffix);
    }

    /**
     * Moves a finished temporary file onto {@code target}, replacing it: atomically where the file system can,
     * else with a plain replacing move. The file keeps the temporary file's permissions (owner-only, as
     * {@link #temporaryBeside} creates it), which suits downloads of other people's media.
     */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }
}
