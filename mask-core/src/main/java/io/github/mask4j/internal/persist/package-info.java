/**
 * Not API. The saved-model format: the JSON document, the checksummed weight files and the atomic save.
 */
package io.github.mask4j.internal.persist;
