package dev.baton.core.output;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * baton's own stdout or stderr as the pumps of every generation write to it: one lock per stream,
 * so that one batch of whole lines is one write, never mixed with another pump's. A write blocks
 * while the stream does (a full pipe, a slow journal), and so the pump stops reading, and the
 * child's pipe fills, and the child's write blocks: back-pressure, not loss.
 */
public final class OutputTarget {
    public static final OutputTarget STDOUT = new OutputTarget("stdout", new FileOutputStream(FileDescriptor.out));
    public static final OutputTarget STDERR = new OutputTarget("stderr", new FileOutputStream(FileDescriptor.err));

    private final String name;
    private final OutputStream out;

    public OutputTarget(String name, OutputStream out) {
        this.name = name;
        this.out = out;
    }

    public String name() {
        return name;
    }

    public void write(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            out.write(b, off, len);
        }
    }
}
