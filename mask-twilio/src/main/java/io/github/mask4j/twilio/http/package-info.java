/**
 * The one HTTP and WebSocket server the relay, the status callbacks and the web demo share (Jetty): its limits
 * ({@link io.github.mask4j.twilio.http.ServerOptions}), the checks every endpoint gets (Host, Origin, content type,
 * security headers), one request and its reply ({@link io.github.mask4j.twilio.http.Exchange}), callers' checks
 * and bounded work ({@link io.github.mask4j.twilio.http.Permits}).
 */
package io.github.mask4j.twilio.http;
