package io.github.mask4j.classification;

import io.github.mask4j.embedding.Embedder;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.internal.imaging.TensorWriter;
import io.github.mask4j.training.Augmentation;
import io.github.mask4j.training.TrainingListener;
import io.github.mask4j.training.TrainingOptions;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings of augmented copies, made once per (image, seed, copy) and kept, so that training again (or training
 * the many classifiers of a cross-source evaluation) embeds no copy twice. Thread-safe.
 */
final class AugmentedEmbeddings {
    private record Key(ImageInput image, long seed, int copy) {}

    private final Map<Key, float[]> cache = new ConcurrentHashMap<>();

    /**
     * Per example, the embeddings of its {@code options.augmentCopies()} copies (none for examples without an
     * image), embedding the missing ones in batches and telling the listener how far it got.
     */
    float[][][] copies(Embedder extractor, List<ImageInput> images, TrainingOptions options,
            TrainingListener listener) {
        int n = options.augmentCopies();
        long seed = options.seed();
        Set<ImageInput> missing = new LinkedHashSet<>();
        for (ImageInput image : images) {
            if (image != null) {
                for (int c = 0; c < n; c++) {
                    if (!cache.containsKey(new Key(image, seed, c))) {
                        missing.add(image);
                        break;
                    }
                }
            }
        }
        int total = missing.size() * n;
        int done = 0;
        List<Key> keys = new ArrayList<>();
        List<ImageInput> batch = new ArrayList<>();
        for (ImageInput image : missing) {
            BufferedImage pixels = TensorWriter.render(image);
            long key = Augmentation.sourceKey(image.source());
            for (int c = 0; c < n; c++) {
                keys.add(new Key(image, seed, c));
                batch.add(ImageInput.of(Augmentation.copy(pixels, Augmentation.copySeed(seed, key, c))));
            }
            if (batch.size() >= Embedder.MAX_BATCH) {
                done += embed(extractor, keys, batch);
                listener.onAugmenting(done, total);
            }
        }
        if (!batch.isEmpty()) {
            done += embed(extractor, keys, batch);
            listener.onAugmenting(done, total);
        }
        float[][][] out = new float[images.size()][][];
        for (int i = 0; i < out.length; i++) {
            ImageInput image = images.get(i);
            out[i] = new float[image == null ? 0 : n][];
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = cache.get(new Key(image, seed, c));
            }
        }
        return out;
    }

    private int embed(Embedder extractor, List<Key> keys, List<ImageInput> batch) {
        // rendered copies of images that were read once already: a failure here is a bug, not bad input
        List<float[]> vectors = extractor.embed(batch).valuesOrThrow();
        for (int i = 0; i < keys.size(); i++) {
            cache.put(keys.get(i), vectors.get(i));
        }
        int count = keys.size();
        keys.clear();
        batch.clear();
        return count;
    }
}
