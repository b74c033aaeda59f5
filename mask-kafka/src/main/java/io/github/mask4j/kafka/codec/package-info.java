/**
 * What travels on the topics: the binary frame record of the frames topic ({@link io.github.mask4j.kafka.codec.FrameCodec}),
 * and the JSON of results, events and model announcements.
 */
package io.github.mask4j.kafka.codec;
