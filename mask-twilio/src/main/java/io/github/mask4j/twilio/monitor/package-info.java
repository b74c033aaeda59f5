/**
 * Watching a room live: {@link io.github.mask4j.twilio.monitor.RoomMonitor} classifies each participant's
 * frames, smooths the results per track and emits {@link io.github.mask4j.twilio.monitor.StateChange} events.
 */
package io.github.mask4j.twilio.monitor;
