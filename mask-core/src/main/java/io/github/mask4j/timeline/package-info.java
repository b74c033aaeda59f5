/**
 * Labels over time: {@link io.github.mask4j.timeline.LabelRuns} merges time-ordered frames into runs of one label,
 * with an explicit {@link io.github.mask4j.timeline.RunEnd} rule (inclusive for reports of a video file, exclusive
 * for a recorded room's timeline); {@link io.github.mask4j.timeline.Smoothing} turns a stream of per-frame labels
 * into a steady state (none, majority through {@link io.github.mask4j.timeline.LabelVotes}, or hysteresis).
 */
package io.github.mask4j.timeline;
