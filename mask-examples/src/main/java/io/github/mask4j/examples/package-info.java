/**
 * The {@code mask4j} command line (picocli): the top command that registers the others.
 */
package io.github.mask4j.examples;
