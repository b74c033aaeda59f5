/**
 * Labels over time: {@link io.github.mask4j.timeline.LabelRuns} merges time-ordered frames into runs of one label,
 * with an explicit {@link io.github.mask4j.timeline.RunEnd} rule (inclusive for reports of a video file, exclusive
 * for a recorded room's timeline).
 */
package io.github.mask4j.timeline;
