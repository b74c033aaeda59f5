/**
 * One class per {@code mask4j} command (train, eval, classify, export, video, demo, serve, worker, rollout), the
 * options they share, and where they look for models when not told.
 */
package io.github.mask4j.examples.commands;
