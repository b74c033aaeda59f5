/**
 * The web demo served by {@code mask4j serve}: the HTTP API behind the page, the participant status board and
 * Twilio access tokens.
 */
package io.github.mask4j.examples.web;
