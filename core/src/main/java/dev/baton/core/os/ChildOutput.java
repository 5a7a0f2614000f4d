package dev.baton.core.os;

import java.io.InputStream;

/**
 * The read ends of a child's stdout and stderr pipes ({@link SpawnSpec#pipeOutput}). Each stream
 * is read by one thread; it ends when every process that holds the write end (the child and what
 * it started without closing it) has closed it, and closing the stream closes the fd.
 */
public record ChildOutput(InputStream stdout, InputStream stderr) {
}
