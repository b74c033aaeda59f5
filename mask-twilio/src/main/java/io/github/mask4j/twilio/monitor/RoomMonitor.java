package io.github.mask4j.twilio.monitor;

import io.github.mask4j.BatchResult;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.timeline.Smoothing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a room's frame sources (live relay tracks, decoded recordings) to a classifier: classifies every frame,
 * keeps each video track's recent predictions, smooths them ({@link Smoothing}) and tells listeners about every
 * prediction and every change of a track's state ("alice (camera) without_mask since 12.5 s"). State is kept per
 * track ({@link FrameOrigin}: room, participant, track name), so a participant sharing camera and screen has two
 * independent states and the screen's frames never smooth the camera's.
 *
 * <p>Frames from many tracks: {@link #offer(Frame)} (the relay's path) and {@link #attach attached} sources hand
 * frames to a cross-track batcher. Each track keeps at most its latest frame waiting (a newer one replaces it and
 * counts as dropped, so nothing queues without bound however far behind the model falls); a fixed number of worker
 * threads ({@link Builder#workers}, default the machine's cores) take the waiting frames of up to
 * {@link Builder#maxBatch} tracks (default {@value #DEFAULT_MAX_BATCH}) and classify them in one batch call. While
 * other tracks are active a worker waits up to {@link Builder#maxWait} (default 5 ms) for the batch to fill; a lone
 * track is run at once. Tracks are served first come, first served, each in at most one batch at a time, so a
 * track's frames are handled in order and a flooding track cannot starve the others. One frame that cannot be
 * read fails alone. Encoded frames much larger than the model input can be decoded no larger than needed
 * ({@link Builder#decodeNoLargerThanNeeded}, {@link Frame#decoded(int)}). {@link #stats()} counts frames, drops and
 * batch sizes.
 *
 * <p>Thread-safe: frames may be submitted from any number of threads; each track's state is updated under its own
 * lock, so listeners see one track's events in order. Listeners are called on the batcher's workers (or the thread
 * calling {@link #submit} or {@link #process}). {@link #close()} stops the workers and the polling of attached
 * sources; it is idempotent.
 *
 * <p>With {@link Builder#maskDetector(MaskDetector)} each frame goes through the face path instead of whole-frame
 * classification: the largest face's label feeds the participant's smoothing, and a frame without a face is
 * reported to {@link MonitorListener#onUnclassified} with {@link #NO_FACE} (it is not a label and leaves the
 * state unchanged). A whole-frame classification the classifier is not sure about is reported the same way, with
 * {@link #NOT_SURE}: listeners get a prediction with that label (and {@code onUnclassified}), the smoothed state
 * stays as it was.
 *
 * <p>Edge mode: when participants' browsers classify their own frames with the exported model, their labels come
 * in through {@link #accept(FrameOrigin, long, String, double)} and are smoothed and reported exactly as the
 * monitor's own; {@link #verify(Frame, String)} spot-checks a frame the edge labelled by classifying it here, and
 * a track whose labels disagree with the server's beyond {@link Builder#edgeCheck} is flagged in the
 * {@link EdgeCheck}s listeners get.
 */
public final class RoomMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomMonitor.class);
    /** Default of {@link Builder#maxBatch}. */
    public static final int DEFAULT_MAX_BATCH = 8;
    /** Default of {@link Builder#maxWait}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(5);
    /** {@link MonitorListener#onUnclassified} reason: the classifier cannot answer yet (no training). */
    public static final String NOT_TRAINED = "not_trained";
    /**
     * {@link MonitorListener#onUnclassified} reason and {@link TrackPrediction#label()} of a frame the classifier
     * is not sure about ({@link Classification#unsure()}, under {@code ClassifierOptions.notSureBelow()}); it leaves
     * the participant's state unchanged.
     */
    public static final String NOT_SURE = Classification.NOT_SURE;
    /** {@link MonitorListener#onUnclassified} reason and {@link TrackPrediction#label()} of a frame without a face. */
    public static final String NO_FACE = MaskDetector.NO_FACE;

    private final Supplier<Classifier> classifier;
    private final MaskDetector maskDetector;
    private final AtomicBoolean warnedUntrained = new AtomicBoolean();
    private final Smoothing smoothing;
    private final Set<String> alertLabels;
    private final double centreCrop;
    private final int history;
    private final int edgeCheckMinFrames;
    private final double edgeCheckMaxDisagreement;
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<FrameOrigin, TrackState> tracks = new ConcurrentHashMap<>();
    private final boolean decodeNoLargerThanNeeded;
    private final FrameBatcher batcher;
    private final SourcePoller poller;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RoomMonitor(Builder b) {
        this.maskDetector = b.maskDetector;
        if (b.classifier == null && b.maskDetector == null) {
            throw new NullPointerException("classifier (or maskDetector) is required");
        }
        if (b.classifier != null && b.maskDetector != null) {
            throw new IllegalArgumentException("set either a classifier or a maskDetector, not both");
        }
        this.classifier = b.classifier;
        this.smoothing = b.smoothing;
        this.alertLabels = Set.copyOf(b.alertLabels);
        this.centreCrop = b.centreCrop;
        this.history = b.history;
        this.edgeCheckMinFrames = b.edgeCheckMinFrames;
        this.edgeCheckMaxDisagreement = b.edgeCheckMaxDisagreement;
        this.listeners.addAll(b.listeners);
        this.decodeNoLargerThanNeeded = b.decodeNoLargerThanNeeded;
        this.batcher = new FrameBatcher(this::run, b.workers, b.maxBatch, b.maxWait.toNanos());
        this.poller = new SourcePoller(batcher, batcher.threadPrefix() + "sources");
    }

    public static Builder builder() {
        return new Builder();
    }

    public void addListener(MonitorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(MonitorListener listener) {
        listeners.remove(listener);
    }

    /**
     * Classifies one frame now, on the calling thread, and updates its participant's state. With a
     * {@link MaskDetector}, a frame without a face is reported to the listeners' {@code onUnclassified} with
     * {@link #NO_FACE} and returned as a prediction labelled {@link #NO_FACE} (confidence 0, the state unchanged);
     * it is not kept in {@link #recent}.
     *
     * @throws io.github.mask4j.NotTrainedException if the classifier is not trained yet
     */
    public TrackPrediction submit(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed.get()) {
            throw new IllegalStateException("the monitor is closed");
        }
        return maskDetector != null ? submitFaces(frame) : submit(frame, currentClassifier());
    }

    /** Whether frames go through a {@link MaskDetector} (largest face) rather than whole-frame classification. */
    public boolean usesFaces() {
        return maskDetector != null;
    }

    private TrackPrediction submitFaces(Frame frame) {
        return faces(frame, maskDetector.detect(input(frame, faceInputSide())));
    }

    /** One home for what a frame's faces do to its track. */
    private TrackPrediction faces(Frame frame, List<FaceResult> faces) {
        TrackState state = state(frame);
        Optional<FaceResult> largest = MaskDetector.largest(faces);
        if (largest.isEmpty()) {
            unclassified(frame.origin(), frame.timestampMillis(), NO_FACE);
            return new TrackPrediction(frame.origin(), frame.timestampMillis(), NO_FACE, 0, state.current());
        }
        return state.accept(frame.timestampMillis(), largest.get().label(), largest.get().confidence());
    }

    /**
     * The input a frame becomes: decoded no larger than the consumer needs (when enabled), centre-cropped. The
     * crop is a fraction, so it is the same part of the picture at any decoded size.
     */
    private ImageInput input(Frame frame, int modelSide) {
        Frame f = decodeNoLargerThanNeeded ? frame.decoded((int) Math.ceil(modelSide / centreCrop)) : frame;
        return f.image().centreCrop(centreCrop);
    }

    /** The face detector's input side: frames decode to at least this on their shorter side. */
    private int faceInputSide() {
        return Math.max(maskDetector.detector().options().inputWidth(),
                maskDetector.detector().options().inputHeight());
    }

    private static int inputSide(Classifier c) {
        Preprocessing p = c.extractor().preprocessing();
        return Math.max(p.width(), p.height());
    }

    /**
     * The fewest pixels a frame's shorter side needs for this monitor's model (the classifier's or face detector's
     * input side, divided by the centre-crop fraction): frames are decoded no smaller than this, and the relay
     * tells pages to send frames no larger ({@code welcome}'s {@code frameShortSide}). 0 while a classifier
     * supplier has no classifier.
     */
    public int frameShortSide() {
        int side;
        if (maskDetector != null) {
            side = faceInputSide();
        } else {
            Classifier c = classifier.get();
            if (c == null) {
                return 0;
            }
            side = inputSide(c);
        }
        return (int) Math.ceil(side / centreCrop);
    }

    private TrackState state(Frame frame) {
        return state(frame.origin());
    }

    private TrackState state(FrameOrigin origin) {
        return tracks.computeIfAbsent(origin, o -> new TrackState(o, smoothing.newSmoother()));
    }

    private Classifier currentClassifier() {
        return Objects.requireNonNull(classifier.get(), "the classifier supplier returned null");
    }

    private TrackPrediction submit(Frame frame, Classifier classifier) {
        Classification c = classifier.classify(input(frame, inputSide(classifier)));
        return classified(frame, c);
    }

    private TrackPrediction classified(Frame frame, Classification c) {
        return classified(frame.origin(), frame.timestampMillis(), c.label(), c.confidence(), c.unsure());
    }

    /** One home for what a frame's label does to its track, whether classified here or at the edge. */
    private TrackPrediction classified(FrameOrigin origin, long timestampMillis, String label, double confidence,
            boolean unsure) {
        if (unsure) {
            // a guess under the classifier's threshold would only add noise to the smoothed state
            unclassified(origin, timestampMillis, NOT_SURE);
            return state(origin).notSure(timestampMillis, confidence);
        }
        return state(origin).accept(timestampMillis, label, confidence);
    }

    /**
     * Takes a frame's label computed elsewhere (a participant's browser running the exported model: edge mode) and
     * smooths and reports it exactly as a frame classified here: the classifier's not-sure threshold applies, the
     * listeners get the prediction and any state change. Before the classifier is trained the label is reported to
     * {@link MonitorListener#onUnclassified} with {@link #NOT_TRAINED} and a prediction with that label is returned
     * (not kept).
     *
     * @param label one of the classifier's labels (its most confident one for the frame)
     * @param confidence that label's probability, in [0, 1]
     * @throws IllegalArgumentException if the label is not one of the classifier's or the confidence is out of range
     * @throws IllegalStateException if the monitor is closed
     */
    public TrackPrediction accept(FrameOrigin origin, long timestampMillis, String label, double confidence) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(label, "label");
        if (closed.get()) {
            throw new IllegalStateException("the monitor is closed");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        if (maskDetector != null) {
            return state(origin).accept(timestampMillis, label, confidence);
        }
        Classifier c = currentClassifier();
        if (!c.isTrained()) {
            unclassified(origin, timestampMillis, NOT_TRAINED);
            return new TrackPrediction(origin, timestampMillis, NOT_TRAINED, 0, state(origin).current());
        }
        if (!c.labels().contains(label)) {
            throw new IllegalArgumentException("label '" + label + "' is not one of the classifier's labels "
                    + c.labels() + "; reload the exported model after training");
        }
        return classified(origin, timestampMillis, label, confidence, confidence < c.options().notSureBelow());
    }

    /**
     * Spot-checks a frame whose label {@code edgeLabel} was computed at the edge: classifies it here (as
     * {@link #submit(Frame)} would, without touching the track's smoothing), counts agreement for its track and
     * tells the listeners ({@link MonitorListener#onEdgeCheck}). Empty before the classifier is trained, or when a
     * {@link MaskDetector} finds no face.
     *
     * @throws IllegalStateException if the monitor is closed
     */
    public Optional<EdgeCheck> verify(Frame frame, String edgeLabel) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(edgeLabel, "edgeLabel");
        if (closed.get()) {
            throw new IllegalStateException("the monitor is closed");
        }
        String label;
        double confidence;
        if (maskDetector != null) {
            Optional<FaceResult> face = MaskDetector.largest(maskDetector.detect(frame.image().centreCrop(centreCrop)));
            if (face.isEmpty()) {
                return Optional.empty();
            }
            label = face.get().label();
            confidence = face.get().confidence();
        } else {
            Classifier c = currentClassifier();
            if (!c.isTrained()) {
                return Optional.empty();
            }
            Classification r = c.classify(frame.image().centreCrop(centreCrop));
            label = r.label();
            confidence = r.confidence();
        }
        EdgeCheck check = state(frame).check(frame.timestampMillis(), edgeLabel, label, confidence);
        if (check.flagged()) {
            LOG.debug("edge labels of {} disagree with the server's: {}/{} agree", frame.origin(), check.agreed(),
                    check.verified());
        }
        for (MonitorListener l : listeners) {
            safely(() -> l.onEdgeCheck(check));
        }
        return Optional.of(check);
    }

    /** A track's latest {@link EdgeCheck}, if any of its frames was verified. */
    public Optional<EdgeCheck> edgeCheck(FrameOrigin origin) {
        TrackState s = tracks.get(origin);
        return s == null ? Optional.empty() : Optional.ofNullable(s.lastCheck());
    }

    /**
     * Takes frames from {@code source} until it ends or this monitor is closed, and closes it then. All attached
     * sources are polled by one thread of the monitor's (never one per source), and a source's next frame is taken
     * only once its previous one has been handled, so a recording loses no frame; the frames are classified in
     * batches with those of other tracks (see the class comment).
     *
     * @throws IllegalStateException if the monitor is closed
     */
    public void attach(FrameSource source) {
        Objects.requireNonNull(source, "source");
        if (closed.get() || !poller.add(source)) {
            throw new IllegalStateException("the monitor is closed");
        }
    }

    /**
     * Queues a live track's frame for the batcher and returns at once: it replaces a frame of the same track that
     * no worker has taken yet (that one is dropped and counted in {@link #stats()}), so a track never has more than
     * one frame waiting. It is then handled like {@link #process}'s frames, in a batch with other tracks' frames.
     *
     * @return false if the monitor is closed (the frame is ignored)
     */
    public boolean offer(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        return !closed.get() && batcher.offer(frame, null);
    }

    /**
     * Handles one frame now, on the calling thread (for callers that run their own bounded workers): a frame that
     * arrives before the classifier is trained is reported to {@link MonitorListener#onUnclassified} with
     * {@link #NOT_TRAINED}, and one that cannot be classified (an undecodable or oversize image) is logged and
     * skipped; neither is thrown. Frames after {@link #close()} are ignored. The same handling as a batch of one
     * from {@link #offer}; the caller keeps one track's frames in order.
     */
    public void process(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed.get()) {
            return;
        }
        run(List.of(frame));
    }

    /** Counters of the batcher: frames offered, dropped and handled, batch sizes. */
    public MonitorStats stats() {
        return batcher.stats();
    }

    /** Handles one batch of frames, at most one per track; returns how many could not be handled. */
    private int run(List<Frame> frames) {
        try {
            if (maskDetector != null) {
                return runFaces(frames);
            }
            Classifier c = currentClassifier();
            if (!c.isTrained()) {
                // expected before the first training: a status for the listeners, not a warning per frame
                if (warnedUntrained.compareAndSet(false, true)) {
                    LOG.info("frames arrive but the classifier is not trained yet; they are not classified");
                }
                for (Frame f : frames) {
                    unclassified(f.origin(), f.timestampMillis(), NOT_TRAINED);
                }
                return 0;
            }
            return runClassifier(frames, c);
        } catch (RuntimeException e) {
            LOG.warn("{} frames skipped: {}", frames.size(), e.getMessage());
            return frames.size();
        }
    }

    /** The frames of a batch that could be read, their images, and how many could not (already reported). */
    private record ReadFrames(List<Frame> frames, List<ImageInput> inputs, int failed) {}

    private ReadFrames read(List<Frame> frames, int side) {
        List<Frame> read = new ArrayList<>(frames.size());
        List<ImageInput> inputs = new ArrayList<>(frames.size());
        int failed = 0;
        for (Frame f : frames) {
            try {
                inputs.add(input(f, side));
                read.add(f);
            } catch (RuntimeException e) {
                failed++;
                skipped(f, e);
            }
        }
        return new ReadFrames(read, inputs, failed);
    }

    private int runClassifier(List<Frame> frames, Classifier c) {
        ReadFrames r = read(frames, inputSide(c));
        List<Frame> read = r.frames();
        List<ImageInput> inputs = r.inputs();
        int failed = r.failed();
        if (inputs.isEmpty()) {
            return failed;
        }
        BatchResult<Classification> result;
        try {
            result = c.classify(inputs);
        } catch (RuntimeException e) {
            // not about one image (the head was replaced, the runtime failed): each frame on its own
            for (Frame f : read) {
                try {
                    submit(f, c);
                } catch (RuntimeException single) {
                    failed++;
                    skipped(f, single);
                }
            }
            return failed;
        }
        for (BatchResult.Outcome<Classification> o : result.outcomes()) {
            Frame f = read.get(o.index());
            if (o instanceof BatchResult.Success<Classification> s) {
                classified(f, s.value());
            } else if (o instanceof BatchResult.Failure<Classification> x) {
                failed++;
                skipped(f, x.error());
            }
        }
        return failed;
    }

    private int runFaces(List<Frame> frames) {
        ReadFrames r = read(frames, faceInputSide());
        List<Frame> read = r.frames();
        List<ImageInput> inputs = r.inputs();
        int failed = r.failed();
        if (inputs.isEmpty()) {
            return failed;
        }
        for (BatchResult.Outcome<List<FaceResult>> o : maskDetector.detect(inputs).outcomes()) {
            Frame f = read.get(o.index());
            if (o instanceof BatchResult.Success<List<FaceResult>> s) {
                faces(f, s.value());
            } else if (o instanceof BatchResult.Failure<List<FaceResult>> x) {
                failed++;
                skipped(f, x.error());
            }
        }
        return failed;
    }

    /** One bad frame (an undecodable JPEG) must not stop its track or sink its batch. */
    private static void skipped(Frame f, Exception e) {
        LOG.warn("frame from {} skipped: {}", f.origin(), e.getMessage());
    }

    private void unclassified(FrameOrigin origin, long timestampMillis, String reason) {
        for (MonitorListener l : listeners) {
            safely(() -> l.onUnclassified(origin, timestampMillis, reason));
        }
    }

    /** The smoothing rule in use. */
    public Smoothing smoothing() {
        return smoothing;
    }

    /** A track's current smoothed label, if any frame of it was accepted. */
    public Optional<String> state(String room, String participant, String track) {
        TrackState s = tracks.get(FrameOrigin.track(room, participant, track));
        return s == null ? Optional.empty() : Optional.ofNullable(s.current());
    }

    /**
     * A participant's state over all their video tracks: an alert label if any track is in one, else the state of
     * the track that received a frame last. For one track per participant this is that track's state.
     */
    public Optional<String> state(String room, String participant) {
        Map<String, String> states = trackStates(room, participant);
        Optional<String> alert = states.values().stream().filter(alertLabels::contains).findFirst();
        if (alert.isPresent()) {
            return alert;
        }
        return tracks.values().stream().filter(t -> t.origin.room().equals(room)
                        && t.origin.participant().equals(participant) && t.current() != null)
                .max(Comparator.comparingLong(TrackState::lastFrame)).map(TrackState::current);
    }

    /** A participant's tracks (by track name) and their smoothed labels; tracks without an accepted frame left out. */
    public Map<String, String> trackStates(String room, String participant) {
        Map<String, String> out = new TreeMap<>();
        tracks.forEach((o, s) -> {
            String current = s.current();
            if (o.room().equals(room) && o.participant().equals(participant) && current != null) {
                out.put(o.track(), current);
            }
        });
        return out;
    }

    /** A track's most recent predictions, oldest first (at most the builder's history length). */
    public List<TrackPrediction> recent(String room, String participant, String track) {
        TrackState s = tracks.get(FrameOrigin.track(room, participant, track));
        return s == null ? List.of() : s.recent();
    }

    /**
     * Forgets a track's state and history (the track was unpublished or its participant left), and a frame of it
     * still waiting for a worker.
     */
    public void forget(FrameOrigin origin) {
        batcher.discard(origin);
        tracks.remove(origin);
    }

    /** Number of sources still being polled. */
    public int activeSources() {
        return poller.active();
    }

    /**
     * Waits until every attached source has ended and its last frame was handled (or the timeout passed); true if
     * all ended.
     */
    public boolean awaitSources(Duration timeout) throws InterruptedException {
        return poller.await(timeout);
    }

    /**
     * Stops the batcher (frames still waiting are dropped, running batches finish; waits up to 10 s for them) and
     * the polling of attached sources, which are closed. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        poller.close();
        batcher.close();
    }

    private final class TrackState {
        private final FrameOrigin origin;
        private final Smoothing.Smoother smoother;
        private final Deque<TrackPrediction> recent = new ArrayDeque<>();
        private volatile long lastFrame = Long.MIN_VALUE;
        private long verified;
        private long agreed;
        private EdgeCheck lastCheck;

        TrackState(FrameOrigin origin, Smoothing.Smoother smoother) {
            this.origin = origin;
            this.smoother = smoother;
        }

        long lastFrame() {
            return lastFrame;
        }

        synchronized String current() {
            return smoother.state();
        }

        synchronized List<TrackPrediction> recent() {
            return new ArrayList<>(recent);
        }

        synchronized EdgeCheck lastCheck() {
            return lastCheck;
        }

        synchronized EdgeCheck check(long timestampMillis, String edgeLabel, String serverLabel, double confidence) {
            verified++;
            if (edgeLabel.equals(serverLabel)) {
                agreed++;
            }
            boolean flagged = verified >= edgeCheckMinFrames
                    && (double) (verified - agreed) / verified > edgeCheckMaxDisagreement;
            lastCheck = new EdgeCheck(origin, timestampMillis, edgeLabel, serverLabel, confidence, verified, agreed,
                    flagged);
            return lastCheck;
        }

        synchronized TrackPrediction accept(long timestampMillis, String label, double confidence) {
            String before = smoother.state();
            String after = smoother.accept(label, confidence);
            TrackPrediction p = record(new TrackPrediction(origin, timestampMillis, label, confidence, after));
            if (after != null && !after.equals(before)) {
                StateChange change = new StateChange(origin.room(), origin.participant(), origin.track(), before,
                        after, timestampMillis, alertLabels.contains(after));
                LOG.debug("{}", change);
                for (MonitorListener l : listeners) {
                    safely(() -> l.onStateChange(change));
                }
            }
            return p;
        }

        /** A frame the classifier is not sure about: recorded and reported, but the smoother never sees it. */
        synchronized TrackPrediction notSure(long timestampMillis, double confidence) {
            return record(new TrackPrediction(origin, timestampMillis, NOT_SURE, confidence, smoother.state()));
        }

        private TrackPrediction record(TrackPrediction p) {
            lastFrame = p.timestampMillis();
            recent.addLast(p);
            while (recent.size() > history) {
                recent.removeFirst();
            }
            for (MonitorListener l : listeners) {
                safely(() -> l.onPrediction(p));
            }
            return p;
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("monitor listener failed: {}", e.toString());
        }
    }

    /** Options for {@link RoomMonitor}. Not thread-safe; build once. */
    public static final class Builder {
        private Supplier<Classifier> classifier;
        private MaskDetector maskDetector;
        private Smoothing smoothing = Smoothing.majority(5);
        private Set<String> alertLabels = Set.of("without_mask");
        private double centreCrop = 1.0;
        private int history = 30;
        private int edgeCheckMinFrames = 5;
        private double edgeCheckMaxDisagreement = 0.2;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private boolean decodeNoLargerThanNeeded;
        private final List<MonitorListener> listeners = new ArrayList<>();

        private Builder() {}

        /** The trained classifier (this or the supplier form is required). */
        public Builder classifier(Classifier classifier) {
            this.classifier = classifier == null ? null : () -> classifier;
            return this;
        }

        /**
         * The classifier to use for each frame, asked per frame: for applications that retrain or replace their
         * classifier while the monitor runs. Frames taken from attached sources while it is not trained are
         * reported to {@link MonitorListener#onUnclassified} with {@link #NOT_TRAINED}.
         */
        public Builder classifier(Supplier<Classifier> current) {
            this.classifier = current;
            return this;
        }

        /**
         * Detect faces and classify each instead of classifying the whole frame (instead of a classifier): the
         * largest face's label feeds the participant's smoothing; a frame without a face is reported as
         * {@link #NO_FACE} and changes nothing. The detector is borrowed (closing the monitor does not close it).
         */
        public Builder maskDetector(MaskDetector detector) {
            this.maskDetector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** How raw labels are smoothed (default majority over 5 frames). */
        public Builder smoothing(Smoothing smoothing) {
            this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
            return this;
        }

        /** States that count as alerts in {@link StateChange#alert()} (default without_mask). */
        public Builder alertLabels(Set<String> labels) {
            this.alertLabels = Set.copyOf(labels);
            return this;
        }

        /**
         * Classify only the centre {@code fraction} of each frame's shorter side (default 1: whole frame); with a
         * mask detector, faces are looked for in that part only.
         */
        public Builder centreCrop(double fraction) {
            this.centreCrop = ImageInput.centreCropFraction(fraction);
            return this;
        }

        /** How many recent predictions are kept per track (default 30). */
        public Builder history(int frames) {
            if (frames < 1 || frames > 100_000) {
                throw new IllegalArgumentException("history must be in [1, 100000], got " + frames);
            }
            this.history = frames;
            return this;
        }

        /**
         * When a track with edge labels is flagged ({@link EdgeCheck#flagged()}): after at least {@code minFrames}
         * verified frames, when more than {@code maxDisagreement} of them got another label here (default 5 frames,
         * 0.2).
         */
        public Builder edgeCheck(int minFrames, double maxDisagreement) {
            if (minFrames < 1) {
                throw new IllegalArgumentException("edgeCheck minFrames must be at least 1, got " + minFrames);
            }
            if (!(maxDisagreement >= 0 && maxDisagreement < 1)) {
                throw new IllegalArgumentException("edgeCheck maxDisagreement must be in [0, 1), got "
                        + maxDisagreement);
            }
            this.edgeCheckMinFrames = minFrames;
            this.edgeCheckMaxDisagreement = maxDisagreement;
            return this;
        }

        /**
         * Threads classifying batches, shared by all tracks (default: the cores the JVM may use, at least 1; 1 to
         * 64). Each runs one batch at a time; the model's own intra-op threads come on top, so open the model with
         * {@code ModelSpec.threads(1)} to give each worker one core (the most frames per second: 178 against 121
         * frames/s through the relay on 2 cores with the default of every core per call).
         */
        public Builder workers(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("workers must be in [1, 64], got " + threads);
            }
            this.workers = threads;
            return this;
        }

        /** Most frames (one per track) classified in one batch call (default {@value #DEFAULT_MAX_BATCH}; 1 to 64). */
        public Builder maxBatch(int frames) {
            if (frames < 1 || frames > 64) {
                throw new IllegalArgumentException("maxBatch must be in [1, 64], got " + frames);
            }
            this.maxBatch = frames;
            return this;
        }

        /**
         * How long a worker holding fewer than {@link #maxBatch} frames waits for other active tracks' frames
         * before running the batch (default 5 ms; 0 to 1 s). A lone track never waits.
         */
        public Builder maxWait(Duration wait) {
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("maxWait must be in [0, 1 s], got " + wait);
            }
            this.maxWait = wait;
            return this;
        }

        /**
         * Decode encoded frames no larger than the model needs (default false: every pixel, so labels are exactly
         * those of {@code Classifier.classify} on the frame, as the Kafka workers compute them): a JPEG whose
         * shorter side is at least twice {@link RoomMonitor#frameShortSide()} is then decoded with source
         * subsampling ({@link Frame#decoded(int)}), about a quarter of the decoding work for a 640x480 frame and
         * a 224-pixel model. Labels stay nearly the same (embeddings within a cosine distance of 0.03 on the test
         * photos), but a frame near the not-sure threshold may fall on the other side of it.
         */
        public Builder decodeNoLargerThanNeeded(boolean enabled) {
            this.decodeNoLargerThanNeeded = enabled;
            return this;
        }

        public Builder listener(MonitorListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public RoomMonitor build() {
            return new RoomMonitor(this);
        }
    }
}
