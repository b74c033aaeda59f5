/**
 * The {@code mask4j} command line (picocli) and where it finds models.
 */
package io.github.mask4j.examples;
