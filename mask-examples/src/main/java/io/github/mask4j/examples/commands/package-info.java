/**
 * One class per {@code mask4j} command (train, eval, classify, video, demo, serve) and the options they share.
 */
package io.github.mask4j.examples.commands;
