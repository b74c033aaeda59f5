package io.github.mask4j.twilio.recording;

import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.image.ImageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished room's video recordings into per-participant timelines: lists the recordings, downloads each
 * media file, decodes it at a fixed rate, classifies every sampled frame and places it on the room's clock
 * ({@code recording offset - earliest offset + frame time}).
 *
 * <p>With {@link Builder#maskDetector(MaskDetector)} each frame goes through the face path instead: the largest
 * face's label and confidence make the frame's prediction, and a frame without a face is recorded as
 * {@link #NO_FACE} with confidence 0, so the timeline shows where nobody was in view rather than guessing.
 *
 * <p>Thread-safe: {@link #process(String)} keeps its state on the stack; rooms may be processed concurrently if
 * the classifier allows (mask4j's does).
 */
public final class RecordingProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingProcessor.class);
    /** Upper bound on frames read from one recording (a day at 2 fps), against decoders that never end. */
    private static final long MAX_FRAMES = 200_000;
    /** The label of a frame in which the mask detector found no face. */
    public static final String NO_FACE = MaskDetector.NO_FACE;

    private final RecordingCatalog catalog;
    private final MediaDownloader downloader;
    private final MediaDecoder decoder;
    private final Classifier classifier;
    private final MaskDetector maskDetector;
    private final double framesPerSecond;
    private final Path workDir;
    private final double centreCrop;
    private final boolean keepMedia;

    private RecordingProcessor(Builder b) {
        this.catalog = Objects.requireNonNull(b.catalog, "catalog");
        this.downloader = Objects.requireNonNull(b.downloader, "downloader");
        this.decoder = Objects.requireNonNull(b.decoder, "decoder");
        if (b.classifier == null && b.maskDetector == null) {
            throw new NullPointerException("classifier (or maskDetector) is required");
        }
        if (b.classifier != null && b.maskDetector != null) {
            throw new IllegalArgumentException("set either a classifier or a maskDetector, not both");
        }
        this.classifier = b.classifier;
        this.maskDetector = b.maskDetector;
        this.framesPerSecond = b.framesPerSecond;
        this.workDir = b.workDir;
        this.centreCrop = b.centreCrop;
        this.keepMedia = b.keepMedia;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Downloads, decodes and classifies every completed video recording of a room: one timeline per published
     * video track (a participant sharing camera and screen has two), in the order the recordings were listed.
     */
    public RoomTimeline process(String roomSid) throws InterruptedException {
        List<TrackRecording> recordings = catalog.videoRecordings(roomSid);
        if (recordings.isEmpty()) {
            return new RoomTimeline(roomSid, 0, List.of());
        }
        long origin = recordings.stream().mapToLong(TrackRecording::offsetMillis).min().orElse(0);
        // a track recorded in several pieces (unpublished and published again) shares participant and track name
        Map<List<String>, List<FramePrediction>> byTrack = new LinkedHashMap<>();
        Map<List<String>, List<String>> sidsByTrack = new LinkedHashMap<>();
        for (TrackRecording r : recordings) {
            List<String> key = List.of(r.participantSid(), r.trackName());
            byTrack.computeIfAbsent(key, k -> new ArrayList<>()).addAll(classify(r, origin));
            sidsByTrack.computeIfAbsent(key, k -> new ArrayList<>()).add(r.sid());
        }
        Map<String, String> identities = new HashMap<>();
        long period = Math.round(1000.0 / framesPerSecond);
        List<ParticipantTimeline> timelines = new ArrayList<>();
        byTrack.forEach((key, frames) -> {
            String sid = key.get(0);
            String identity = identities.computeIfAbsent(sid, s -> catalog.identity(roomSid, s).orElse(s));
            frames.sort(Comparator.comparingLong(FramePrediction::roomMillis));
            timelines.add(ParticipantTimeline.of(sid, identity, key.get(1), sidsByTrack.get(key), frames, period));
        });
        return new RoomTimeline(roomSid, origin, timelines);
    }

    /** {@link #processRecording(String, String, String)} looking the participant's identity up by sid. */
    public ParticipantTimeline processRecording(String roomSid, String recordingSid) throws InterruptedException {
        return processRecording(roomSid, recordingSid, null);
    }

    /**
     * Processes one recording as soon as it completed (from a status callback): the room's clock starts at the
     * earliest offset among the recordings listed so far.
     *
     * @param identity the participant's identity when the caller knows it (a callback's
     *     {@code ParticipantIdentity}), or null to look it up by the recording's participant sid
     * @throws NotVideoRecordingException if the recording is not a video track's (checked before downloading)
     */
    public ParticipantTimeline processRecording(String roomSid, String recordingSid, String identity)
            throws InterruptedException {
        TrackRecording recording = catalog.recording(roomSid, recordingSid);
        requireVideo(recording);
        long origin = Math.min(recording.offsetMillis(), catalog.earliestOffset(roomSid).orElse(Long.MAX_VALUE));
        List<FramePrediction> frames = new ArrayList<>(classify(recording, origin));
        frames.sort(Comparator.comparingLong(FramePrediction::roomMillis));
        String who = identity != null && !identity.isBlank() ? identity
                : catalog.identity(roomSid, recording.participantSid()).orElse(recording.participantSid());
        return ParticipantTimeline.of(recording.participantSid(), who, recording.trackName(), List.of(recording.sid()),
                frames, Math.round(1000.0 / framesPerSecond));
    }

    private static void requireVideo(TrackRecording recording) {
        if (!recording.isVideo()) {
            throw new NotVideoRecordingException("recording " + recording.sid() + " is " + recording.type() + " ("
                    + recording.codec() + " in " + recording.container() + "), not video: nothing to classify");
        }
    }

    /**
     * Downloads, decodes and classifies one recording; times are on the clock whose zero is {@code origin}, frame
     * times as stored in the file (a track whose first frame is at 3 s starts at {@code offset + 3 s}).
     *
     * @throws NotVideoRecordingException if the recording is not a video track's (checked before downloading)
     */
    public List<FramePrediction> classify(TrackRecording recording, long originOffsetMillis) throws InterruptedException {
        requireVideo(recording);
        Path media;
        try {
            Files.createDirectories(workDir);
            media = workDir.resolve(recording.sid() + "." + recording.container());
        } catch (IOException e) {
            throw new MediaDownloadException("cannot create work directory " + workDir + ": " + e.getMessage(), e);
        }
        long bytes = downloader.download(recording, media);
        LOG.info("recording {} ({} {}, {} bytes) downloaded", recording.sid(), recording.codec(),
                recording.container(), bytes);
        List<FramePrediction> out = new ArrayList<>();
        long shift = recording.offsetMillis() - originOffsetMillis;
        try (FrameSource source = decoder.open(media, framesPerSecond)) {
            for (long n = 0; n < MAX_FRAMES; n++) {
                Optional<Frame> f = source.next(Duration.ofSeconds(30));
                if (f.isEmpty()) {
                    if (source.isFinished()) {
                        break;
                    }
                    continue;
                }
                out.add(predict(f.get(), shift));
            }
        } finally {
            if (!keepMedia) {
                try {
                    Files.deleteIfExists(media);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", media, e.getMessage());
                }
            }
        }
        return out;
    }

    private FramePrediction predict(Frame frame, long shift) {
        long t = shift + frame.timestampMillis();
        if (maskDetector == null) {
            Classification c = classifier.classify(frame.image().centreCrop(centreCrop));
            return new FramePrediction(t, c.label(), c.confidence());
        }
        List<FaceResult> faces = maskDetector.detect(frame.image().centreCrop(centreCrop));
        return MaskDetector.largest(faces).map(f -> new FramePrediction(t, f.label(), f.confidence()))
                .orElseGet(() -> new FramePrediction(t, NO_FACE, 0));
    }

    /**
     * Options for {@link RecordingProcessor}. Not thread-safe; build once.
     */
    public static final class Builder {
        private RecordingCatalog catalog;
        private MediaDownloader downloader;
        private MediaDecoder decoder = MediaDecoder.ffmpeg();
        private Classifier classifier;
        private MaskDetector maskDetector;
        private double framesPerSecond = 2;
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "mask4j-recordings");
        private double centreCrop = 1.0;
        private boolean keepMedia;

        private Builder() {}

        public Builder catalog(RecordingCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder downloader(MediaDownloader downloader) {
            this.downloader = downloader;
            return this;
        }

        /** How media files are decoded (default {@link MediaDecoder#ffmpeg()}). */
        public Builder decoder(MediaDecoder decoder) {
            this.decoder = decoder;
            return this;
        }

        public Builder classifier(Classifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /**
         * Detect faces and classify each instead of classifying the whole frame (instead of a classifier): a
         * frame's prediction is its largest face's, or {@link #NO_FACE} when there is none. Borrowed, not closed.
         */
        public Builder maskDetector(MaskDetector detector) {
            this.maskDetector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** Frames sampled per second of video (default 2). */
        public Builder framesPerSecond(double fps) {
            if (!(fps > 0) || fps > 60) {
                throw new IllegalArgumentException("framesPerSecond must be in (0, 60], got " + fps);
            }
            this.framesPerSecond = fps;
            return this;
        }

        /** Where media files are downloaded to (default: a folder in java.io.tmpdir). */
        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Classify only the centre {@code fraction} of each frame's shorter side (default 1: whole frame). */
        public Builder centreCrop(double fraction) {
            this.centreCrop = ImageInput.centreCropFraction(fraction);
            return this;
        }

        /** Keep the downloaded media files instead of deleting them after decoding (default false). */
        public Builder keepMedia(boolean keep) {
            this.keepMedia = keep;
            return this;
        }

        public RecordingProcessor build() {
            return new RecordingProcessor(this);
        }
    }
}
