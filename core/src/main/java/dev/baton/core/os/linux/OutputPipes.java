package dev.baton.core.os.linux;

import dev.baton.core.os.ChildOutput;
import dev.baton.core.os.SpawnException;

/**
 * A child's stdout and stderr pipes, made with O_CLOEXEC: the JDK opens almost every fd without
 * it, but these must reach no process but the child (a write end held anywhere else would keep the
 * reader from ever seeing end of file). posix_spawn's dup2 onto 1 and 2 clears the flag there.
 * Once the child is spawned, baton closes the write ends and keeps the read ends. Merged, there is
 * one pipe, whose write end becomes both 1 and 2.
 */
final class OutputPipes {
    private final int[] out;
    /** Null when merged. */
    private final int[] err;

    private OutputPipes(int[] out, int[] err) {
        this.out = out;
        this.err = err;
    }

    static OutputPipes open(String commandForErrors, boolean merged) throws SpawnException {
        int[] out = pipe(commandForErrors);
        if (merged) {
            return new OutputPipes(out, null);
        }
        try {
            return new OutputPipes(out, pipe(commandForErrors));
        } catch (SpawnException e) {
            Native.LIBC.close(out[0]);
            Native.LIBC.close(out[1]);
            throw e;
        }
    }

    private static int[] pipe(String cmd) throws SpawnException {
        int[] fds = new int[2];
        if (Native.LIBC.pipe2(fds, LibC.O_CLOEXEC) != 0) {
            int errno = Native.lastErrno();
            throw new SpawnException(cmd, errno, "pipe2: " + Native.strerror(errno));
        }
        return fds;
    }

    /** baton's fds that become the child's 1 and 2. */
    int[] writeEnds() {
        return new int[] {out[1], err == null ? out[1] : err[1]};
    }

    /** The child runs: the write ends are closed here, the read ends become streams. */
    ChildOutput spawned() {
        Native.LIBC.close(out[1]);
        if (err == null) {
            return new ChildOutput(new FdInputStream(out[0]), java.io.InputStream.nullInputStream());
        }
        Native.LIBC.close(err[1]);
        return new ChildOutput(new FdInputStream(out[0]), new FdInputStream(err[0]));
    }

    /** The spawn failed: nothing is kept. */
    void closeAll() {
        for (int fd : err == null ? out : new int[] {out[0], out[1], err[0], err[1]}) {
            Native.LIBC.close(fd);
        }
    }
}
