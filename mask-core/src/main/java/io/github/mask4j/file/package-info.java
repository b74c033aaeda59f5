/**
 * Files written safely: {@link io.github.mask4j.file.AtomicFiles} replaces a file through a temporary file and an
 * atomic move, so a reader or a crash never sees half a file. Every module's writers use it.
 * {@link io.github.mask4j.file.StreamCopy} copies a download's body into such a file, abandoning a source that
 * stalls.
 */
package io.github.mask4j.file;
