/**
 * Twilio's REST API as mask4j needs it: rooms, participants and their published video tracks, read through
 * twilio-java.
 */
package io.github.mask4j.twilio.rest;
