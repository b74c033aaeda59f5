/**
 * Twilio Video rooms as sources of frames for mask4j, and the account credentials every part of this module
 * uses.
 */
package io.github.mask4j.twilio;
