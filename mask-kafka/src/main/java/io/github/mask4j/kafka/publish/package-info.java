/**
 * Publishing frames to the frames topic instead of classifying them in-process: any frame source (a relay track, a
 * video file, a recording) keyed by its room track, so a track's frames stay in order on one partition.
 */
package io.github.mask4j.kafka.publish;
