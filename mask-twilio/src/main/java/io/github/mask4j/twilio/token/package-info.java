/**
 * Twilio Video access tokens, limited to one room and a bounded lifetime.
 */
package io.github.mask4j.twilio.token;
