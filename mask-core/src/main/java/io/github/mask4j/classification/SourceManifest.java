package io.github.mask4j.classification;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.mask4j.TrainingDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV manifest that says where every image came from: a header row, then one row per image with at
 * least a {@code file} column (relative to the data directory), a {@code label} column and the column that names
 * the image's source (for the development mask set, {@code portion} or {@code repo}).
 *
 * <pre>{@code
 * List<SourcedImage> images = SourceManifest.read(Path.of("masks/manifest.csv"), Path.of("masks"), "portion");
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SourceManifest {
    private SourceManifest() {}

    /**
     * Every row of {@code manifest} as an image under {@code dataDir} with its label and source.
     *
     * @throws TrainingDataException when a column is missing, a row has an empty value or a file does not exist
     * @throws UncheckedIOException when the manifest cannot be read
     */
    public static List<SourcedImage> read(Path manifest, Path dataDir, String sourceColumn) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<SourcedImage> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(schema)
                .readValues(Files.newBufferedReader(manifest))) {
            int line = 1;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                String file = column(row, "file", manifest, line);
                String label = column(row, "label", manifest, line);
                String source = column(row, sourceColumn, manifest, line);
                Path path = dataDir.resolve(file);
                if (!Files.isRegularFile(path)) {
                    throw new TrainingDataException(manifest + " line " + line + ": " + path
                            + " does not exist; pass the directory the manifest's file paths are relative to");
                }
                out.add(new SourcedImage(LabelledImage.of(path, label), source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new TrainingDataException(manifest + " lists no images");
        }
        return out;
    }

    private static String column(Map<String, String> row, String name, Path manifest, int line) {
        String v = row.get(name);
        if (v == null || v.isBlank()) {
            throw new TrainingDataException(manifest + " line " + line + ": no value in column '" + name
                    + "' (columns: " + row.keySet() + "); the manifest needs file, label and the source column");
        }
        return v.trim();
    }
}
