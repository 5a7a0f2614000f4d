package dev.baton.core.output;

import java.io.IOException;

/**
 * Cuts a child's output into whole lines and writes each behind a prefix, in batches of whole
 * lines. A pure function of the bytes fed to it, tested without processes.
 *
 * <ul>
 *   <li>A line is written only once its {@code \n} arrived, or at end of file ({@link #finish}),
 *       where a last line without one gets it: no line is ever split by a read boundary.
 *   <li>Memory is bounded: a line longer than {@code maxLine} bytes is cut into pieces of at most
 *       {@code maxLine} bytes (not inside a UTF-8 sequence), each written as a line of its own with
 *       the prefix.
 *   <li>Lines are handed to the sink in batches of at most {@link #BATCH} bytes (a longer line
 *       alone), one call each: a write of up to PIPE_BUF bytes to a pipe is never interleaved with
 *       another process's, so two batons' lines stay whole on a shared stdout too. Whatever was fed
 *       is passed on before {@link #feed} returns: nothing waits in here but a partial line.
 * </ul>
 * Not thread-safe: one reader thread owns it.
 */
public final class LineSplitter {
    /** PIPE_BUF on Linux: the largest write a pipe keeps whole. */
    public static final int BATCH = 4096;
    public static final int MAX_LINE = 64 * 1024;

    /** Where whole lines go: one call per batch, each a run of complete lines. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private final byte[] prefix;
    private final int maxLine;
    private final Sink sink;
    private final byte[] partial;
    private int partialLen;
    private final byte[] batch = new byte[BATCH];
    private int batchLen;
    /** For a line that does not fit a batch: prefix, line and newline in one write. */
    private byte[] big = new byte[0];

    public LineSplitter(byte[] prefix, int maxLine, Sink sink) {
        if (maxLine < 4) {
            throw new IllegalArgumentException("maxLine must hold a UTF-8 sequence: " + maxLine);
        }
        this.prefix = prefix.clone();
        this.maxLine = maxLine;
        this.sink = sink;
        this.partial = new byte[maxLine];
    }

    public LineSplitter(byte[] prefix, Sink sink) {
        this(prefix, MAX_LINE, sink);
    }

    /** Takes {@code len} bytes of output; writes every line they complete. */
    public void feed(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = indexOf(b, i, end);
            if (nl < 0) {
                appendPartial(b, i, end - i);
                break;
            }
            if (partialLen == 0) {
                emit(b, i, nl - i);
            } else {
                appendPartial(b, i, nl - i);
                emit(partial, 0, partialLen);
                partialLen = 0;
            }
            i = nl + 1;
        }
        flush();
    }

    /** End of file: a last line without a newline is written with one. */
    public void finish() throws IOException {
        if (partialLen > 0) {
            emit(partial, 0, partialLen);
            partialLen = 0;
        }
        flush();
    }

    private static int indexOf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Keeps the bytes of a line still open. A full buffer is written as a piece of its own once
     * more bytes of the line arrive (a line of exactly maxLine bytes stays one line).
     */
    private void appendPartial(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            if (partialLen == maxLine) {
                int cut = utf8Cut(partial, maxLine);
                line(partial, 0, cut);
                System.arraycopy(partial, cut, partial, 0, maxLine - cut);
                partialLen = maxLine - cut;
            }
            int k = Math.min(maxLine - partialLen, n);
            System.arraycopy(b, off, partial, partialLen, k);
            partialLen += k;
            off += k;
            n -= k;
        }
    }

    /** A complete line (without its newline) of any length: in pieces of at most maxLine bytes. */
    private void emit(byte[] b, int off, int n) throws IOException {
        while (n > maxLine) {
            int cut = utf8Cut(b, off, maxLine);
            line(b, off, cut);
            off += cut;
            n -= cut;
        }
        line(b, off, n);
    }

    private void line(byte[] b, int off, int n) throws IOException {
        int need = prefix.length + n + 1;
        if (batchLen + need > BATCH) {
            flush();
        }
        if (need > BATCH) {
            if (big.length < need) {
                big = new byte[prefix.length + maxLine + 1];
            }
            System.arraycopy(prefix, 0, big, 0, prefix.length);
            System.arraycopy(b, off, big, prefix.length, n);
            big[need - 1] = '\n';
            sink.write(big, 0, need);
            return;
        }
        System.arraycopy(prefix, 0, batch, batchLen, prefix.length);
        System.arraycopy(b, off, batch, batchLen + prefix.length, n);
        batch[batchLen + need - 1] = '\n';
        batchLen += need;
    }

    private void flush() throws IOException {
        if (batchLen > 0) {
            int n = batchLen;
            batchLen = 0;
            sink.write(batch, 0, n);
        }
    }

    static int utf8Cut(byte[] b, int len) {
        return utf8Cut(b, 0, len);
    }

    /**
     * Where to cut the {@code len} bytes at {@code off} so that no UTF-8 sequence is split: before
     * a lead byte whose sequence would not be complete, else at {@code len}.
     */
    static int utf8Cut(byte[] b, int off, int len) {
        for (int k = 1; k <= 3 && k < len; k++) {
            int c = b[off + len - k] & 0xff;
            if ((c & 0xC0) == 0x80) {
                continue;
            }
            if (c >= 0xC0) {
                int size = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return size > k ? len - k : len;
            }
            return len;
        }
        return len;
    }
}
