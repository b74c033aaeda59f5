/**
 * The browser scripts served to relay pages (twilio-video.js and the relay client), bundled in the jar so no CDN
 * is needed.
 */
package io.github.mask4j.twilio.web;
