package io.github.mask4j.timeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * How a stream of raw per-frame labels (one participant's video track, say) becomes a steady state, so one odd frame
 * does not raise an alert. The one home of this rule: the room monitor, the Kafka Streams events and the web demo all
 * use it.
 *
 * <ul>
 *   <li>{@link #majority(int)}: the most frequent label among the last {@code window} frames, by
 *       {@link LabelVotes} (ties keep the current state);</li>
 *   <li>{@link #hysteresis(int)}: the state changes only after {@code frames} consecutive frames agree on a new
 *       label;</li>
 *   <li>{@link #none()}: every frame's label is the state.</li>
 * </ul>
 * Frames below {@code minConfidence} are ignored by all of them.
 *
 * <p>Immutable and thread-safe; the {@link Smoother}s it creates are not (their owner guards them).
 *
 * @param kind which rule
 * @param frames window length (majority) or consecutive frames needed (hysteresis); 1 for none
 * @param minConfidence frames with a lower confidence are skipped
 */
public record Smoothing(Kind kind, int frames, double minConfidence) {
    /** The smoothing rules. */
    public enum Kind { NONE, MAJORITY, HYSTERESIS }

    public Smoothing {
        Objects.requireNonNull(kind, "kind");
        if (frames < 1 || frames > 10_000) {
            throw new IllegalArgumentException("frames must be in [1, 10000], got " + frames);
        }
        if (!(minConfidence >= 0) || minConfidence > 1) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
        }
    }

    public static Smoothing none() {
        return new Smoothing(Kind.NONE, 1, 0);
    }

    public static Smoothing majority(int window) {
        return new Smoothing(Kind.MAJORITY, window, 0);
    }

    public static Smoothing hysteresis(int consecutiveFrames) {
        return new Smoothing(Kind.HYSTERESIS, consecutiveFrames, 0);
    }

    /** A copy that ignores frames below {@code threshold}. */
    public Smoothing withMinConfidence(double threshold) {
        return new Smoothing(kind, frames, threshold);
    }

    /** A fresh state machine for one participant. */
    public Smoother newSmoother() {
        return new Smoother(this);
    }

    /**
     * A state machine for one participant that carries on from a {@link Smoother#snapshot()} (taken under this
     * same rule), for smoothing whose state lives outside the JVM, such as a Kafka Streams state store.
     *
     * @throws IllegalArgumentException if the snapshot's window is longer than this rule allows
     */
    public Smoother restore(Smoother.Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.window().size() > frames) {
            throw new IllegalArgumentException("snapshot window of " + snapshot.window().size()
                    + " labels does not fit this rule's " + frames + " frames; restore it with the rule that made it");
        }
        Smoother s = new Smoother(this);
        s.state = snapshot.state();
        s.window.addAll(snapshot.window());
        s.candidate = snapshot.candidate();
        s.run = snapshot.run();
        return s;
    }

    /**
     * One participant's smoothing state. Not thread-safe.
     */
    public static final class Smoother {
        private final Smoothing rule;
        private final Deque<String> window = new ArrayDeque<>();
        private String state;
        private String candidate;
        private int run;

        private Smoother(Smoothing rule) {
            this.rule = rule;
        }

        /** Everything this smoother remembers, to store and {@link Smoothing#restore} later. */
        public Snapshot snapshot() {
            return new Snapshot(state, List.copyOf(window), candidate, run);
        }

        /** The current state, null before the first accepted frame. */
        public String state() {
            return state;
        }

        /**
         * Feeds one frame's label.
         *
         * @return the state after it (possibly unchanged)
         */
        public String accept(String label, double confidence) {
            Objects.requireNonNull(label, "label");
            if (confidence < rule.minConfidence) {
                return state;
            }
            switch (rule.kind) {
                case NONE -> state = label;
                case MAJORITY -> {
                    window.addLast(label);
                    while (window.size() > rule.frames) {
                        window.removeFirst();
                    }
                    state = LabelVotes.winner(window, state, 1);
                }
                case HYSTERESIS -> {
                    if (state == null) {
                        state = label;
                    } else if (label.equals(state)) {
                        candidate = null;
                        run = 0;
                    } else {
                        if (label.equals(candidate)) {
                            run++;
                        } else {
                            candidate = label;
                            run = 1;
                        }
                        if (run >= rule.frames) {
                            state = label;
                            candidate = null;
                            run = 0;
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown smoothing " + rule.kind);
            }
            return state;
        }

        /**
         * A smoother's memory as a value. Immutable and thread-safe.
         *
         * @param state current state (null before the first accepted frame)
         * @param window the labels in the majority window, oldest first (empty for the other rules)
         * @param candidate the label hysteresis is counting towards (null if none)
         * @param run how many consecutive frames agreed on {@code candidate}
         */
        public record Snapshot(String state, List<String> window, String candidate, int run) {
            public Snapshot {
                window = List.copyOf(window);
                if (run < 0) {
                    throw new IllegalArgumentException("run must be >= 0, got " + run);
                }
            }
        }
    }
}
