package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.MonitorStats;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.relay.LatestFrameSource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * RoomMonitor's cross-track batcher on the real classifier and the shared sample clips: several tracks at once,
 * batches of several tracks, per-track order, latest-frame bounds, the same events as frame-by-frame submission,
 * and close. No timing is asserted; waits poll with generous limits.
 */
class RoomMonitorBatchingTest {
    private static final List<String> CLIPS = List.of("mask-man-indoor", "mask-woman-laptop", "no-mask-man-outdoor",
            "no-mask-man-studio", "putting-on-mask-a", "putting-on-mask-b");

    /** Collects what the listeners hear, per track. */
    private static final class Recorder implements MonitorListener {
        final Map<String, List<TrackPrediction>> predictions = new ConcurrentHashMap<>();
        final List<StateChange> changes = new CopyOnWriteArrayList<>();

        @Override
        public void onPrediction(TrackPrediction p) {
            predictions.computeIfAbsent(p.origin().participant(), k -> new CopyOnWriteArrayList<>()).add(p);
        }

        @Override
        public void onStateChange(StateChange c) {
            changes.add(c);
        }

        int count(String participant) {
            return predictions.getOrDefault(participant, List.of()).size();
        }
    }

    @Test
    void everyTrackGetsItsResultsInOrderFromBatchesOfSeveralTracks() throws Exception {
        Recorder seen = new Recorder();
        CountDownLatch allOffered = new CountDownLatch(CLIPS.size());
        AtomicBoolean first = new AtomicBoolean();
        // the one worker is held in its first batch until every track has a frame waiting, so the next batch
        // must take several tracks at once whatever the scheduling
        MonitorListener hold = new MonitorListener() {
            @Override
            public void onPrediction(TrackPrediction p) {
                if (first.compareAndSet(false, true)) {
                    try {
                        allOffered.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Map<String, List<MaskClassifier.LabelledFrame>> clips = new ConcurrentHashMap<>();
        for (String clip : CLIPS) {
            clips.put(clip, MaskClassifier.clip(clip));
        }
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get()).workers(1).maxBatch(8)
                .smoothing(Smoothing.majority(3)).history(100).listener(hold).listener(seen).build()) {
            List<Thread> producers = new ArrayList<>();
            for (String clip : CLIPS) {
                producers.add(producer(monitor, clip, clips.get(clip), seen, allOffered, List.of()));
            }
            for (Thread t : producers) {
                t.join(300_000);
            }
            MonitorStats stats = monitor.stats();
            int total = clips.values().stream().mapToInt(List::size).sum();
            // every frame of every track was classified, none dropped (each producer waited for its result)
            for (String clip : CLIPS) {
                assertThat(seen.count(clip)).as(clip).isEqualTo(clips.get(clip).size());
                List<Long> times = seen.predictions.get(clip).stream().map(TrackPrediction::timestampMillis).toList();
                assertThat(times).as("per-track order of %s", clip).isSorted().doesNotHaveDuplicates();
            }
            assertThat(stats.offered()).isEqualTo(total);
            assertThat(stats.processed()).isEqualTo(total);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.failed()).isZero();
            assertThat(stats.pending()).isZero();
            assertThat(stats.workers()).isEqualTo(1);
            assertThat(stats.largestBatch()).as("batch sizes %s", stats.batchSizes()).isGreaterThan(1);
            assertThat(stats.batches()).isLessThan(total);
            assertThat(stats.batchSizes().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.batches());

            // the labels are those of classifying each frame alone (a batch changes no answer)
            for (String clip : CLIPS) {
                List<TrackPrediction> got = seen.predictions.get(clip);
                for (int i = 0; i < got.size(); i++) {
                    var alone = MaskClassifier.get().classify(ImageInput.of(clips.get(clip).get(i).file()));
                    String expected = alone.unsure() ? RoomMonitor.NOT_SURE : alone.label();
                    assertThat(got.get(i).label()).as("%s frame %d", clip, i).isEqualTo(expected);
                    assertThat(got.get(i).confidence()).isCloseTo(alone.confidence(),
                            org.assertj.core.data.Offset.offset(1e-3));
                }
            }
        }
    }

    @Test
    void theFacePathBatchesTracksAndLabelsEachFrameAsAlone() throws Exception {
        List<String> clips = List.of("putting-on-mask-a", "no-mask-man-outdoor", "mask-woman-laptop");
        Recorder seen = new Recorder();
        List<String> noFace = new CopyOnWriteArrayList<>();
        CountDownLatch allOffered = new CountDownLatch(clips.size());
        AtomicBoolean first = new AtomicBoolean();
        MonitorListener hold = new MonitorListener() {
            @Override
            public void onPrediction(TrackPrediction p) {
                awaitOnce(first, allOffered);
            }

            @Override
            public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
                noFace.add(origin.participant() + "@" + timestampMillis);
                awaitOnce(first, allOffered);
            }
        };
        Map<String, List<MaskClassifier.LabelledFrame>> frames = new ConcurrentHashMap<>();
        for (String clip : clips) {
            frames.put(clip, MaskClassifier.clip(clip));
        }
        try (RoomMonitor monitor = RoomMonitor.builder().maskDetector(MaskClassifier.faces()).workers(1)
                .listener(hold).listener(seen).build()) {
            List<Thread> producers = new ArrayList<>();
            for (String clip : clips) {
                producers.add(producer(monitor, clip, frames.get(clip), seen, allOffered, noFace));
            }
            for (Thread t : producers) {
                t.join(300_000);
            }
            MonitorStats stats = monitor.stats();
            assertThat(stats.largestBatch()).as("batch sizes %s", stats.batchSizes()).isGreaterThan(1);
            assertThat(stats.processed()).isEqualTo(frames.values().stream().mapToInt(List::size).sum());
            for (String clip : clips) {
                List<TrackPrediction> got = seen.predictions.getOrDefault(clip, List.of());
                assertThat(got.stream().map(TrackPrediction::timestampMillis).toList()).isSorted();
                int i = 0;
                for (MaskClassifier.LabelledFrame f : frames.get(clip)) {
                    var alone = io.github.mask4j.face.MaskDetector.largest(MaskClassifier.faces()
                            .detect(ImageInput.of(f.file())));
                    if (alone.isEmpty()) {
                        assertThat(noFace).contains(clip + "@" + Math.round(f.seconds() * 1000));
                        continue;
                    }
                    TrackPrediction p = got.get(i++);
                    assertThat(p.timestampMillis()).isEqualTo(Math.round(f.seconds() * 1000));
                    assertThat(p.label()).as("%s %s", clip, f.file().getFileName()).isEqualTo(alone.get().label());
                    assertThat(p.confidence()).isCloseTo(alone.get().confidence(),
                            org.assertj.core.data.Offset.offset(1e-3));
                }
                assertThat(i).isEqualTo(got.size());
            }
        }
    }

    private static void awaitOnce(AtomicBoolean first, CountDownLatch latch) {
        if (first.compareAndSet(false, true)) {
            try {
                latch.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aSingleTrackGetsTheSameEventsAsFrameByFrameSubmission() throws Exception {
        List<MaskClassifier.LabelledFrame> clip = MaskClassifier.clip("putting-on-mask-a");
        Recorder batched = new Recorder();
        Recorder direct = new Recorder();
        try (RoomMonitor a = RoomMonitor.builder().classifier(MaskClassifier.get()).smoothing(Smoothing.hysteresis(2))
                .listener(batched).build();
                RoomMonitor b = RoomMonitor.builder().classifier(MaskClassifier.get())
                        .smoothing(Smoothing.hysteresis(2)).listener(direct).build()) {
            FrameOrigin origin = FrameOrigin.track("class-7b", "alice", "camera");
            for (int i = 0; i < clip.size(); i++) {
                Frame f = new Frame(origin, Math.round(clip.get(i).seconds() * 1000),
                        ImageInput.of(Files.readAllBytes(clip.get(i).file()), "alice@" + i));
                assertThat(a.offer(f)).isTrue();
                int expected = i + 1;
                waitFor(() -> batched.count("alice") >= expected);
                b.submit(f);
            }
            assertThat(batched.predictions.get("alice")).containsExactlyElementsOf(direct.predictions.get("alice"));
            assertThat(batched.changes).isNotEmpty().containsExactlyElementsOf(direct.changes);
            assertThat(a.recent("class-7b", "alice", "camera")).isEqualTo(b.recent("class-7b", "alice", "camera"));
            // one track is never in a batch with itself
            assertThat(a.stats().largestBatch()).isEqualTo(1);
            assertThat(a.stats().processed()).isEqualTo(clip.size());
        }
    }

    @Test
    void aFloodingTrackKeepsOneFrameWaitingAndDoesNotStarveTheOthers() throws Exception {
        Recorder seen = new Recorder();
        byte[] jpeg = Files.readAllBytes(MaskClassifier.clip("no-mask-man-studio").get(0).file());
        List<String> quiet = List.of("bob", "carol", "dave");
        int flood = 300;
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get()).workers(1).listener(seen)
                .build()) {
            int maxPending = 0;
            for (int i = 0; i < flood; i++) {
                monitor.offer(new Frame(FrameOrigin.track("r", "flood", "cam"), i, ImageInput.of(jpeg, "flood@" + i)));
                if (i == flood / 2) {
                    for (String q : quiet) {
                        monitor.offer(new Frame(FrameOrigin.track("r", q, "cam"), i, ImageInput.of(jpeg, q)));
                    }
                }
                maxPending = Math.max(maxPending, monitor.stats().pending());
            }
            waitFor(() -> quiet.stream().allMatch(q -> seen.count(q) == 1));
            waitFor(() -> {
                MonitorStats s = monitor.stats();
                return s.processed() + s.dropped() == s.offered() && s.pending() == 0;
            });
            MonitorStats stats = monitor.stats();
            assertThat(stats.offered()).isEqualTo(flood + quiet.size());
            // at most one frame per track ever waits: the flood is dropped, never queued
            assertThat(maxPending).isLessThanOrEqualTo(1 + quiet.size());
            assertThat(stats.dropped()).isPositive();
            assertThat(seen.count("flood")).isLessThan(flood).isEqualTo((int) (stats.processed() - quiet.size()));
            List<Long> times = seen.predictions.get("flood").stream().map(TrackPrediction::timestampMillis).toList();
            assertThat(times).isSorted().doesNotHaveDuplicates();
            // the flood's last frame is the one that counts
            assertThat(times.get(times.size() - 1)).isEqualTo(flood - 1);
        }
    }

    @Test
    void largeJpegsAreDecodedNoLargerThanTheModelNeedsWhenAsked() throws Exception {
        byte[] jpeg = Files.readAllBytes(io.github.mask4j.testing.SharedData.testImage("grace_hopper.jpg")); // 512x600
        Frame frame = new Frame(FrameOrigin.track("r", "grace", "cam"), 1, ImageInput.of(jpeg, "grace"));
        try (RoomMonitor reduced = RoomMonitor.builder().classifier(MaskClassifier.get())
                .decodeNoLargerThanNeeded(true).build();
                RoomMonitor full = RoomMonitor.builder().classifier(MaskClassifier.get()).build()) {
            assertThat(reduced.frameShortSide()).isEqualTo(224);
            // 512 / 224: every second pixel, 256x300, which is what the monitor classified
            var small = MaskClassifier.get().classify(frame.decoded(224).image());
            assertThat(reduced.submit(frame).confidence()).isEqualTo(small.confidence());
            var whole = MaskClassifier.get().classify(ImageInput.of(jpeg, "grace"));
            assertThat(full.submit(frame).confidence()).isEqualTo(whole.confidence());
            assertThat(small.label()).isEqualTo(whole.label());
            assertThat(small.confidence()).isCloseTo(whole.confidence(), org.assertj.core.data.Offset.offset(0.1));
        }
    }

    @Test
    void closeStopsTheWorkersAndIsIdempotent() throws Exception {
        Set<String> before = monitorThreads();
        RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get()).workers(3).build();
        // no thread before the first frame: a monitor used only through submit runs none
        assertThat(monitorThreads()).isEqualTo(before);
        LatestFrameSource source = new LatestFrameSource(FrameOrigin.track("r", "p", "cam"));
        monitor.attach(source);
        source.offer(new Frame(source.origin(), 0,
                ImageInput.of(MaskClassifier.clip("mask-man-indoor").get(0).file())));
        // three workers and the one thread polling attached sources
        waitFor(() -> monitorThreads().stream().filter(n -> !before.contains(n)).count() == 4);
        waitFor(() -> monitor.stats().processed() == 1);
        monitor.close();
        monitor.close();
        waitFor(() -> monitorThreads().stream().noneMatch(n -> !before.contains(n)));
        assertThat(source.isClosed()).isTrue();
        assertThat(monitor.offer(new Frame(FrameOrigin.track("r", "p", "cam"), 1,
                ImageInput.of(MaskClassifier.clip("mask-man-indoor").get(0).file())))).isFalse();
        assertThatThrownBy(() -> monitor.attach(new LatestFrameSource(FrameOrigin.track("r", "q", "cam"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(monitor.activeSources()).isZero();
        assertThat(monitor.stats().processed()).isEqualTo(1);
    }

    @Test
    void optionsAreCheckedWhenSet() {
        assertThatThrownBy(() -> RoomMonitor.builder().workers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> RoomMonitor.builder().maxBatch(65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatch");
        assertThatThrownBy(() -> RoomMonitor.builder().maxWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
    }

    private static Set<String> monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("mask4j-monitor-")).collect(Collectors.toSet());
    }

    /**
     * Offers a clip's frames one by one, each once the previous one's result (a prediction, or an entry in
     * {@code unclassified}) is in, so none is dropped.
     */
    private static Thread producer(RoomMonitor monitor, String clip, List<MaskClassifier.LabelledFrame> frames,
            Recorder seen, CountDownLatch offeredFirst, List<String> unclassified) {
        Thread t = new Thread(() -> {
            try {
                FrameOrigin origin = FrameOrigin.track("class-7b", clip, "camera");
                for (int i = 0; i < frames.size(); i++) {
                    byte[] jpeg = Files.readAllBytes(frames.get(i).file());
                    monitor.offer(new Frame(origin, Math.round(frames.get(i).seconds() * 1000),
                            ImageInput.of(jpeg, clip + "@" + i)));
                    if (i == 0) {
                        offeredFirst.countDown();
                    }
                    int expected = i + 1;
                    for (int w = 0; w < 12_000 && seen.count(clip) + unclassified.stream()
                            .filter(u -> u.startsWith(clip + "@")).count() < expected; w++) {
                        Thread.sleep(10);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "producer-" + clip);
        t.start();
        return t;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 12_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 120 s").isTrue();
    }
}
