/**
 * What the commands print and draw: JSON lines, text progress bars, plots (JFreeChart) and labelled video
 * timelines.
 */
package io.github.mask4j.examples.report;
