/**
 * Twilio's room status callbacks: a server that checks each request's Twilio signature and hands typed {@link
 * io.github.mask4j.twilio.callback.RoomEvent}s to a listener.
 */
package io.github.mask4j.twilio.callback;
