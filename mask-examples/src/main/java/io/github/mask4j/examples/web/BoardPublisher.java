package io.github.mask4j.examples.web;

import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.twilio.monitor.EdgeCheck;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import java.util.List;

/**
 * Publishes the monitor's smoothed results (or "not trained") on the {@link ParticipantStatusBoard}.
 *
 * <p>Thread-safe: the board and the monitor are.
 */
final class BoardPublisher implements MonitorListener {
    private final ParticipantStatusBoard board;
    private final RoomMonitor monitor;

    BoardPublisher(ParticipantStatusBoard board, RoomMonitor monitor) {
        this.board = board;
        this.monitor = monitor;
    }

    @Override
    public void onPrediction(TrackPrediction p) {
        FrameOrigin o = p.origin();
        String label = p.smoothedLabel() != null ? p.smoothedLabel() : p.label();
        // the smoothed label's confidence: the mean over the smoothing window's frames that agree with it
        List<TrackPrediction> recent = monitor.recent(o.room(), o.participant(), o.track());
        int window = Math.min(recent.size(), monitor.smoothing().frames());
        double sum = 0;
        int agree = 0;
        for (TrackPrediction r : recent.subList(recent.size() - window, recent.size())) {
            if (r.label().equals(label)) {
                sum += r.confidence();
                agree++;
            }
        }
        double confidence = agree == 0 ? p.confidence() : sum / agree;
        board.update(new ParticipantStatusBoard.Status(o.participant(), o.track(), ParticipantStatusBoard.CLASSIFIED,
                label, confidence, p.label(), p.confidence(), p.timestampMillis()));
    }

    @Override
    public void onEdgeCheck(EdgeCheck c) {
        board.check(new ParticipantStatusBoard.Check(c.origin().participant(), c.origin().track(), c.verified(),
                c.agreed(), c.flagged()));
    }

    @Override
    public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
        if (RoomMonitor.NOT_TRAINED.equals(reason)) {
            board.notTrained(origin.participant(), origin.track(), timestampMillis);
        }
    }
}
