/**
 * Rooms after the fact: Twilio recordings listed, downloaded and decoded, classified frame by frame, and merged
 * into labelled timelines per participant.
 */
package io.github.mask4j.twilio.recording;
