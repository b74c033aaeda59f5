/**
 * Retrying: {@link io.github.mask4j.retry.Retry} runs a try several times with a doubling wait in between. The
 * model downloads of mask-core and the recording downloads of mask-twilio share it.
 */
package io.github.mask4j.retry;
