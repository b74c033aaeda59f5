package io.github.mask4j.kafka.publish;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Jpeg;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.KafkaTopics;
import io.github.mask4j.kafka.codec.FrameCodec;
import io.github.mask4j.kafka.codec.FrameRecord;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes frames to the frames topic instead of classifying them in-process: any {@link FrameSource} (a
 * relay's {@code LatestFrameSource}, a {@code VideoFileSource}, a recording) or single frames. Encoded frames
 * (the relay's JPEGs) go as they are; packed RGB/BGR raw frames and decoded images are JPEG-encoded (or sent raw
 * with {@link Builder#raw()}); I420 frames go raw (1.5 bytes a pixel). Each track's frames are numbered from 0
 * so every result can be traced to its frame. {@link #publishInBackground(FrameSource)} publishes a live source
 * (a relayed track) on the publisher's own thread, so a caller on an I/O thread never waits for the cluster.
 * A frame the cluster does not take (the producer gave up retrying) is logged and counted ({@link #failed()}),
 * besides failing its future: {@code publishAll} has no future to hand back.
 *
 * <p>Thread-safe: frames may be published from several threads (Kafka's producer is thread-safe); a track's
 * frames should come from one thread to keep their order. {@link #close()} flushes and is idempotent.
 */
public final class FramePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final float jpegQuality;
    private final Map<FrameOrigin, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong failed = new AtomicLong();
    private final ExecutorService background;

    private FramePublisher(Builder b) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        // one thread per live source, idle ones end after a minute; a relay bounds its tracks itself
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mask4j-publish-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.topic = b.topics.frames();
        this.jpegQuality = b.jpegQuality;
        this.producer = new KafkaProducer<>(b.settings.clientConfig(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static Builder builder(ClientSettings settings) {
        return new Builder(settings);
    }

    /**
     * Sends one frame (asynchronously: the future completes once the cluster has it).
     *
     * @throws IllegalArgumentException for a cropped input (publish the whole frame; workers crop)
     */
    public Future<RecordMetadata> publish(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed.get()) {
            throw new IllegalStateException("the publisher is closed");
        }
        long sequence = sequences.computeIfAbsent(frame.origin(), o -> new AtomicLong()).getAndIncrement();
        FrameRecord record = new FrameRecord(frame.origin(), frame.timestampMillis(), sequence, wire(frame.image()));
        return producer.send(new ProducerRecord<>(topic, record.key(), FrameCodec.encode(record)), (meta, e) -> {
            if (e != null) {
                failed.incrementAndGet();
                LOG.warn("frame {} of {} was not published: {}", sequence, record.key(), e.toString());
            }
        });
    }

    /**
     * Publishes every frame of {@code source} until it ends (then closes it), or until the thread is interrupted.
     *
     * @return the number of frames published
     */
    public long publishAll(FrameSource source) throws InterruptedException {
        long n = 0;
        try (source) {
            while (!source.isFinished()) {
                Optional<Frame> f = source.next(Duration.ofMillis(200));
                if (f.isPresent()) {
                    publish(f.get());
                    n++;
                }
            }
        }
        producer.flush();
        return n;
    }

    /**
     * Publishes every frame of {@code source} on a thread of this publisher ({@link #publishAll(FrameSource)})
     * and returns at once: for callers that must not block, such as a relay's {@code onTrack} handler on its
     * I/O thread. Publishing stops when the source finishes (a relayed track ends) or the publisher closes; a
     * failure is logged and ends only this source.
     *
     * @throws IllegalStateException if the publisher is closed
     */
    public void publishInBackground(FrameSource source) {
        Objects.requireNonNull(source, "source");
        try {
            background.execute(() -> {
                try {
                    long n = publishAll(source);
                    LOG.debug("published {} frames of {}", n, source);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.warn("stopped publishing {}: {}", source, e.toString());
                    closeQuietly(source);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the publisher is closed", e);
        }
    }

    private static void closeQuietly(FrameSource source) {
        try {
            source.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", source, e.toString());
        }
    }

    /** Frames the cluster did not take after the producer's retries (each also logged and its future failed). */
    public long failed() {
        return failed.get();
    }

    /** Waits until every frame sent so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            background.shutdownNow(); // interrupts the background sources' polls
            try {
                background.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close();
        }
    }

    private ImageInput wire(ImageInput image) {
        if (image instanceof ImageInput.Encoded) {
            return image;
        }
        if (image instanceof ImageInput.File f) {
            try {
                return ImageInput.of(Files.readAllBytes(f.path()), f.source());
            } catch (IOException e) {
                throw new InvalidImageException(f.source(), "cannot read file: " + e.getMessage(), e);
            }
        }
        if (image instanceof RawFrame r) {
            boolean packed3 = r.format() == PixelFormat.BGR || r.format() == PixelFormat.RGB;
            return jpegQuality > 0 && packed3 ? ImageInput.of(Jpeg.encode(bgrImage(r), jpegQuality), r.source()) : r;
        }
        if (image instanceof ImageInput.Buffered b) {
            return ImageInput.of(jpegQuality > 0 ? Jpeg.encode(b.image(), jpegQuality) : png(b.image()), b.source());
        }
        throw new IllegalArgumentException("publish whole frames, not crops (" + image.source()
                + "); workers apply their own centre crop");
    }

    /** A TYPE_3BYTE_BGR image (bytes B, G, R) of a packed BGR or RGB frame. */
    private static BufferedImage bgrImage(RawFrame r) {
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = r.data();
        int row = r.width() * 3;
        boolean rgb = r.format() == PixelFormat.RGB;
        for (int y = 0; y < r.height(); y++) {
            int s = y * r.stride();
            int d = y * row;
            if (!rgb) {
                System.arraycopy(src, s, dst, d, row);
                continue;
            }
            for (int x = 0; x < row; x += 3) {
                dst[d + x] = src[s + x + 2];
                dst[d + x + 1] = src[s + x + 1];
                dst[d + x + 2] = src[s + x];
            }
        }
        return img;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Options for {@link FramePublisher}. Not thread-safe; build once. */
    public static final class Builder {
        private final ClientSettings settings;
        private KafkaTopics topics = KafkaTopics.defaults();
        private float jpegQuality = 0.9f;

        private Builder(ClientSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Topic names (default mask4j.*). */
        public Builder topics(KafkaTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** JPEG quality in (0, 1] for raw RGB/BGR frames and decoded images (default 0.9). */
        public Builder jpegQuality(double quality) {
            if (!(quality > 0) || quality > 1) {
                throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
            }
            this.jpegQuality = (float) quality;
            return this;
        }

        /**
         * Send raw frames raw and decoded images as PNG: lossless, but a 1280x720 BGR frame is 2.7 MB, above
         * Kafka's default 1 MB record limit (raise {@code max.request.size} and the topic's
         * {@code max.message.bytes} for that).
         */
        public Builder raw() {
            this.jpegQuality = 0;
            return this;
        }

        public FramePublisher build() {
            return new FramePublisher(this);
        }
    }
}
