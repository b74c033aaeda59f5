/**
 * Not API. Finding model files on disk, in the user cache or by download, verified by SHA-256.
 */
package io.github.mask4j.internal.store;
