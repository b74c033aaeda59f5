/**
 * The live relay: a browser page joins the room and sends participants' frames over an authenticated WebSocket
 * to a server, which offers the latest frame of each track as a frame source.
 */
package io.github.mask4j.twilio.relay;
