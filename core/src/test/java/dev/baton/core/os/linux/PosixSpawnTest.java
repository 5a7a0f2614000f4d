package dev.baton.core.os.linux;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real spawns of /bin/sh with fds placed by the plan, checked from the child's side. */
class PosixSpawnTest {
    private static final LibC C = Native.LIBC;

    /**
     * A close-on-exec pipe passed at its own fd number: glibc's dup2 action with equal fds must
     * clear FD_CLOEXEC, or the child would not have it. Needs glibc 2.29 or newer.
     */
    @Test
    void anFdPassedAtItsOwnNumberSurvivesExecThoughItIsCloseOnExec() throws Exception {
        int[] pipe = pipe();
        try {
            int w = pipe[1];
            assertEquals(LibC.FD_CLOEXEC, C.fcntl(w, 1 /* F_GETFD */, 0), "the pipe is close-on-exec in baton");
            SortedMap<Integer, Integer> layout = new TreeMap<>(Map.of(w, w));
            assertEquals(0, runShell("echo same >/proc/self/fd/" + w, layout));
            C.close(w);
            pipe[1] = -1;
            assertEquals("same\n", drain(pipe[0]));
        } finally {
            closeAll(pipe);
        }
    }

    /** Two fds swapped on their way into the child: a cycle, resolved through one temporary fd. */
    @Test
    void twoFdsSwappedReachTheChildSwapped() throws Exception {
        int[] a = pipe();
        int[] b = pipe();
        try {
            SortedMap<Integer, Integer> layout = new TreeMap<>(Map.of(a[1], b[1], b[1], a[1]));
            assertEquals(0, runShell("echo to-b >/proc/self/fd/" + a[1] + " && echo to-a >/proc/self/fd/" + b[1], layout));
            C.close(a[1]);
            C.close(b[1]);
            a[1] = -1;
            b[1] = -1;
            assertEquals("to-a\n", drain(a[0]));
            assertEquals("to-b\n", drain(b[0]));
        } finally {
            closeAll(a);
            closeAll(b);
        }
    }

    /**
     * Output pipes as fds 1 and 2, while the layout puts another fd at the very number the stdout
     * pipe has in baton: 1 and 2 are placed first, so the move does not clobber them.
     */
    @Test
    void outputPipesBecomeOneAndTwoEvenWhenTheLayoutReusesTheirNumbers() throws Exception {
        int[] out = pipe();
        int[] err = pipe();
        int[] other = pipe();
        try {
            SortedMap<Integer, Integer> layout = new TreeMap<>(Map.of(out[1], other[1]));
            assertEquals(0, runShell("echo to-out; echo to-err >&2; echo to-other >/proc/self/fd/" + out[1],
                    new int[] {out[1], err[1]}, layout));
            for (int[] p : new int[][] {out, err, other}) {
                C.close(p[1]);
                p[1] = -1;
            }
            assertEquals("to-out\n", drain(out[0]));
            assertEquals("to-err\n", drain(err[0]));
            assertEquals("to-other\n", drain(other[0]));
        } finally {
            closeAll(out);
            closeAll(err);
            closeAll(other);
        }
    }

    /** One pipe as both 1 and 2 (a hook's merged output): the lines arrive in the order they were written. */
    @Test
    void oneOutputPipeAsBothOneAndTwoKeepsTheOrderOfTheLines() throws Exception {
        int[] out = pipe();
        try {
            assertEquals(0, runShell("echo 1; echo 2 >&2; echo 3; echo 4 >&2", new int[] {out[1], out[1]},
                    new TreeMap<>()));
            C.close(out[1]);
            out[1] = -1;
            assertEquals("1\n2\n3\n4\n", drain(out[0]));
        } finally {
            closeAll(out);
        }
    }

    /** Runs {@code sh -c script} with the layout, waits for it, returns its exit code. */
    private static int runShell(String script, SortedMap<Integer, Integer> layout) throws Exception {
        return runShell(script, null, layout);
    }

    private static int runShell(String script, int[] stdio, SortedMap<Integer, Integer> layout) throws Exception {
        int pid = PosixSpawn.spawn(Path.of("/bin/sh"), List.of("sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"),
                Path.of("/"), stdio, layout, true, "sh");
        int[] status = new int[1];
        int rc;
        do {
            rc = C.waitpid(pid, status, 0);
        } while (rc < 0 && Native.lastErrno() == LibC.EINTR);
        assertEquals(pid, rc, "waitpid");
        assertEquals(0, status[0] & 0x7f, "sh died by a signal");
        return (status[0] >> 8) & 0xff;
    }

    private static int[] pipe() {
        int[] fds = new int[2];
        assertEquals(0, C.pipe2(fds, LibC.O_CLOEXEC), "pipe2");
        return fds;
    }

    private static String drain(int fd) {
        byte[] buf = new byte[256];
        StringBuilder sb = new StringBuilder();
        long n;
        while ((n = C.read(fd, buf, buf.length)) > 0) {
            sb.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                C.close(fd);
            }
        }
    }
}
