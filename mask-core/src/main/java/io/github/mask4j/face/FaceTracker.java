package io.github.mask4j.face;

import io.github.mask4j.timeline.LabelVotes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Follows faces through the frames of one video stream: a face keeps its id while its box overlaps its previous
 * box (greedy IoU matching, best overlap first), and its label is smoothed over the last few frames (a label
 * must win several votes of the window before it replaces the shown one), so one misread frame does not flip it.
 *
 * <pre>{@code
 * FaceTracker tracker = new FaceTracker(TrackerOptions.defaults());
 * for (Frame frame : frames) {
 *     for (TrackedFace t : tracker.update(maskDetector.detect(frame.image()))) {
 *         show(t.id(), t.face().box(), t.label());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #update} is synchronised, but frames must be given in order, so use one tracker per
 * stream (participant track) and feed it from one place.
 */
public final class FaceTracker {
    private final TrackerOptions options;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    private static final class Track {
        final int id;
        FaceResult last;
        final Deque<FaceResult> recent = new ArrayDeque<>();
        String shown;
        int missed;
        int frames;

        Track(int id) {
            this.id = id;
        }
    }

    public FaceTracker() {
        this(TrackerOptions.defaults());
    }

    public FaceTracker(TrackerOptions options) {
        this.options = options;
    }

    public TrackerOptions options() {
        return options;
    }

    /** Takes one frame's faces and returns them tracked and smoothed, in the order given. */
    public synchronized List<TrackedFace> update(List<FaceResult> faces) {
        record Pair(int track, int face, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int f = 0; f < faces.size(); f++) {
                double iou = tracks.get(t).last.box().iou(faces.get(f).box());
                if (iou >= options.minIou()) {
                    pairs.add(new Pair(t, f, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        Map<Integer, Track> assigned = new HashMap<>();
        boolean[] trackTaken = new boolean[tracks.size()];
        for (Pair p : pairs) {
            if (!trackTaken[p.track()] && !assigned.containsKey(p.face())) {
                trackTaken[p.track()] = true;
                assigned.put(p.face(), tracks.get(p.track()));
            }
        }
        for (int t = 0; t < trackTaken.length; t++) {
            if (!trackTaken[t]) {
                tracks.get(t).missed++;
            }
        }
        List<TrackedFace> out = new ArrayList<>(faces.size());
        List<Track> born = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            Track track = assigned.get(f);
            if (track == null) {
                track = new Track(nextId++);
                born.add(track);
            }
            out.add(observe(track, faces.get(f)));
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            if (it.next().missed > options.maxMissedFrames()) {
                it.remove();
            }
        }
        tracks.addAll(born);
        return out;
    }

    private TrackedFace observe(Track track, FaceResult face) {
        track.last = face;
        track.missed = 0;
        track.frames++;
        track.recent.addLast(face);
        while (track.recent.size() > options.window()) {
            track.recent.removeFirst();
        }
        track.shown = track.shown == null ? face.label()
                : LabelVotes.winner(track.recent.stream().map(FaceResult::label).toList(), track.shown,
                        options.switchVotes());
        double sum = 0;
        int n = 0;
        for (FaceResult r : track.recent) {
            if (r.label().equals(track.shown)) {
                sum += r.confidence();
                n++;
            }
        }
        return new TrackedFace(track.id, face, track.shown, n == 0 ? 0 : sum / n, track.frames);
    }

    /** Number of live tracks (seen within the last {@code maxMissedFrames} frames). */
    public synchronized int trackCount() {
        return tracks.size();
    }

    /** Forgets every track (a new stream, a scene cut); ids keep counting up. */
    public synchronized void reset() {
        tracks.clear();
    }
}
