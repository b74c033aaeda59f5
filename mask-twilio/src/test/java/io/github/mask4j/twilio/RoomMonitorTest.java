package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.relay.LatestFrameSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** RoomMonitor on real sample frames and the real classifier, two participants fed from two threads. */
class RoomMonitorTest {

    @Test
    void emitsUnmaskedAndMaskedStatesPerParticipant() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        List<TrackPrediction> predictions = new CopyOnWriteArrayList<>();
        List<MaskClassifier.LabelledFrame> alice = MaskClassifier.clip("putting-on-mask-a");
        List<MaskClassifier.LabelledFrame> bob = MaskClassifier.clip("no-mask-man-outdoor");
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.hysteresis(2)).history(8).listener(new MonitorListener() {
                    @Override
                    public void onPrediction(TrackPrediction p) {
                        predictions.add(p);
                    }

                    @Override
                    public void onStateChange(StateChange c) {
                        changes.add(c);
                    }
                }).build()) {
            // two tracks fed by two producer threads through latest-frame sources, polled by the monitor's workers;
            // each producer waits until its frame was taken so no frame is dropped and the sequence is exact
            LatestFrameSource a = new LatestFrameSource(new FrameOrigin("class-7b", "alice", "camera"));
            LatestFrameSource b = new LatestFrameSource(new FrameOrigin("class-7b", "bob", "camera"));
            monitor.attach(a);
            monitor.attach(b);
            Thread pa = producer(a, alice, predictions, "alice");
            Thread pb = producer(b, bob, predictions, "bob");
            pa.join(120_000);
            pb.join(120_000);
            a.close();
            b.close();
            assertThat(monitor.awaitSources(Duration.ofSeconds(30))).isTrue();

            assertThat(predictions.stream().filter(p -> p.origin().participant().equals("alice"))).hasSize(alice.size());
            assertThat(predictions.stream().filter(p -> p.origin().participant().equals("bob"))).hasSize(bob.size());
            assertThat(monitor.recent("class-7b", "alice", "camera")).hasSize(8);

            List<StateChange> aliceChanges = changes.stream().filter(c -> c.participant().equals("alice")).toList();
            List<StateChange> bobChanges = changes.stream().filter(c -> c.participant().equals("bob")).toList();
            // alice starts unmasked (an alert) and puts her mask on within the first 2.5 s
            assertThat(aliceChanges).isNotEmpty();
            assertThat(aliceChanges.get(0).label()).isEqualTo("without_mask");
            assertThat(aliceChanges.get(0).alert()).isTrue();
            assertThat(aliceChanges.get(0).sinceMillis()).isZero();
            StateChange masked = aliceChanges.get(aliceChanges.size() - 1);
            assertThat(masked.label()).isEqualTo("with_mask");
            assertThat(masked.alert()).isFalse();
            assertThat(masked.sinceMillis()).isBetween(500L, 2500L);
            assertThat(masked.toString()).contains("alice (camera) in class-7b: with_mask since");
            // bob is unmasked throughout: one alert, and hysteresis keeps single odd frames from flapping
            assertThat(bobChanges).hasSizeLessThanOrEqualTo(3);
            assertThat(bobChanges.get(0).label()).isEqualTo("without_mask");
            assertThat(monitor.state("class-7b", "bob")).contains("without_mask");
            assertThat(monitor.state("class-7b", "alice")).contains("with_mask");
        }
    }

    @Test
    void eachVideoTrackOfAParticipantHasItsOwnSmoothingState() {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        List<MaskClassifier.LabelledFrame> camera = MaskClassifier.clip("mask-woman-laptop");
        List<MaskClassifier.LabelledFrame> screen = MaskClassifier.clip("no-mask-man-studio");
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.majority(3)).listener(new MonitorListener() {
                    @Override
                    public void onStateChange(StateChange c) {
                        changes.add(c);
                    }
                }).build()) {
            // alice shares her camera (masked) and a screen showing an unmasked face, frames interleaved
            FrameOrigin cam = new FrameOrigin("class-7b", "alice", "camera");
            FrameOrigin scr = new FrameOrigin("class-7b", "alice", "screen");
            int n = Math.min(8, Math.min(camera.size(), screen.size()));
            for (int i = 0; i < n; i++) {
                monitor.submit(new Frame(cam, i * 500L, ImageInput.of(camera.get(i).file())));
                monitor.submit(new Frame(scr, i * 500L + 1, ImageInput.of(screen.get(i).file())));
            }
            assertThat(monitor.state("class-7b", "alice", "camera")).contains("with_mask");
            assertThat(monitor.state("class-7b", "alice", "screen")).contains("without_mask");
            assertThat(monitor.trackStates("class-7b", "alice"))
                    .containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of("camera", "with_mask", "screen",
                            "without_mask")));
            // the participant as a whole: an alert on any track wins
            assertThat(monitor.state("class-7b", "alice")).contains("without_mask");
            assertThat(monitor.recent("class-7b", "alice", "camera")).hasSize(n)
                    .allMatch(p -> p.origin().track().equals("camera"));
            assertThat(changes).extracting(StateChange::track).contains("camera", "screen");
            assertThat(changes.stream().filter(c -> c.track().equals("camera")).toList().get(0).label())
                    .isEqualTo("with_mask");
            monitor.forget(scr);
            assertThat(monitor.state("class-7b", "alice")).contains("with_mask");
        }
    }

    @Test
    void maskDetectorFeedsTheLargestFaceAndReportsFramesWithoutAFace() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        List<String> unclassified = new CopyOnWriteArrayList<>();
        List<MaskClassifier.LabelledFrame> alice = MaskClassifier.clip("putting-on-mask-a");
        try (RoomMonitor monitor = RoomMonitor.builder().maskDetector(MaskClassifier.faces())
                .smoothing(Smoothing.hysteresis(2)).listener(new MonitorListener() {
                    @Override
                    public void onStateChange(StateChange c) {
                        changes.add(c);
                    }

                    @Override
                    public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
                        unclassified.add(origin.participant() + "@" + timestampMillis + ":" + reason);
                    }
                }).build()) {
            assertThat(monitor.usesFaces()).isTrue();
            FrameOrigin origin = new FrameOrigin("class-7b", "alice", "camera");
            int agree = 0;
            int judged = 0;
            for (MaskClassifier.LabelledFrame f : alice) {
                TrackPrediction p = monitor.submit(new Frame(origin, Math.round(f.seconds() * 1000),
                        ImageInput.of(f.file())));
                if (f.label().equals("with_mask") || f.label().equals("without_mask")) {
                    judged++;
                    agree += f.label().equals(p.label()) ? 1 : 0;
                }
            }
            assertThat(agree).as("frames whose largest face has the hand label").isGreaterThanOrEqualTo(judged * 9 / 10);
            assertThat(monitor.state("class-7b", "alice")).contains("with_mask");
            assertThat(changes.get(0).label()).isEqualTo("without_mask");
            assertThat(changes.get(changes.size() - 1).label()).isEqualTo("with_mask");
            int kept = monitor.recent("class-7b", "alice", "camera").size();

            // a cat: no face, so no label; the state stays, the listeners hear no_face
            TrackPrediction cat = monitor.submit(new Frame(origin, 99_000,
                    ImageInput.of(io.github.mask4j.testing.SharedData.testImage("cat.jpg"))));
            assertThat(cat.label()).isEqualTo(RoomMonitor.NO_FACE);
            assertThat(cat.confidence()).isZero();
            assertThat(cat.smoothedLabel()).isEqualTo("with_mask");
            assertThat(unclassified).contains("alice@99000:" + RoomMonitor.NO_FACE);
            assertThat(monitor.state("class-7b", "alice")).contains("with_mask");
            assertThat(monitor.recent("class-7b", "alice", "camera")).hasSize(kept);
        }
        assertThatThrownBy(() -> RoomMonitor.builder().classifier(MaskClassifier.get())
                .maskDetector(MaskClassifier.faces()).build()).isInstanceOf(IllegalArgumentException.class);
    }

    private static Thread producer(LatestFrameSource source, List<MaskClassifier.LabelledFrame> frames,
            List<TrackPrediction> seen, String who) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < frames.size(); i++) {
                    long ts = Math.round(frames.get(i).seconds() * 1000);
                    source.offer(new Frame(source.origin(), ts, ImageInput.of(frames.get(i).file())));
                    int expected = i + 1;
                    for (int w = 0; w < 3000 && seen.stream()
                            .filter(p -> p.origin().participant().equals(who)).count() < expected; w++) {
                        Thread.sleep(10);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer-" + who);
        t.start();
        return t;
    }
}
