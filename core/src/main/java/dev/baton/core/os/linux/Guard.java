package dev.baton.core.os.linux;

import dev.baton.core.os.ChildExit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Kills every child process group of baton's when baton dies, even by SIGKILL.
 *
 * <p>pdeathsig only reaches the direct child; a forking app's workers would be orphaned and
 * live on. So baton starts one small shell, {@code baton-guard}, in a process group of its own
 * and without pdeathsig. It reads lines {@code + PGID} and {@code - PGID} from a pipe whose only
 * write end baton holds. When baton dies the pipe reaches EOF, and the guard SIGKILLs every
 * group still listed, then exits. When baton ends normally every group is already gone and
 * unlisted, so the guard just exits. If the guard itself is killed, baton starts a new one and
 * lists the live groups again.
 */
final class Guard {
    static final String SCRIPT = String.join("\n",
            "groups=' '",
            "while read -r op pg; do",
            "  case $op in",
            "    +) groups=\"$groups$pg \" ;;",
            "    -) case $groups in *\" $pg \"*) groups=\"${groups%% $pg *} ${groups#* $pg }\" ;; esac ;;",
            "  esac",
            "done <&3",
            "for pg in $groups; do kill -9 -$pg 2>/dev/null && echo \"baton-guard: baton is gone; killed process group $pg\" >&2; done",
            "");

    private final Path shell;
    private final ProcessTable table;
    private final Set<Integer> groups = new LinkedHashSet<>();
    private int writeFd = -1;
    private volatile int pid = -1;

    Guard(Path shell, ProcessTable table) {
        this.shell = shell;
        this.table = table;
    }

    /** Starts the guard process; called once, from the spawner thread. */
    synchronized void start() throws Exception {
        int[] fds = new int[2];
        if (Native.LIBC.pipe2(fds, LibC.O_CLOEXEC) != 0) {
            throw new IllegalStateException("pipe2: " + Native.strerror(Native.lastErrno()));
        }
        CompletableFuture<ChildExit> exit = new CompletableFuture<>();
        try {
            pid = table.spawnAndRegister(() -> PosixSpawn.spawn(shell, List.of("baton-guard", "-c", "eval \"$BATON_GUARD\""),
                    Map.of("PATH", "/usr/bin:/bin", "BATON_GUARD", SCRIPT), Path.of("/"), new TreeMap<>(Map.of(3, fds[0])),
                    true, "baton-guard"), exit);
        } finally {
            Native.LIBC.close(fds[0]);
        }
        writeFd = fds[1];
        for (int pg : groups) {
            send("+ " + pg);
        }
        exit.thenRun(this::restartAfterDeath);
    }

    private synchronized void restartAfterDeath() {
        Native.LIBC.close(writeFd);
        writeFd = -1;
        try {
            start();
        } catch (Exception e) {
            // without a guard, children still die with baton through pdeathsig; workers may not
        }
    }

    int pid() {
        return pid;
    }

    synchronized void add(int pgid) {
        groups.add(pgid);
        send("+ " + pgid);
    }

    synchronized void remove(int pgid) {
        if (groups.remove(pgid)) {
            send("- " + pgid);
        }
    }

    private void send(String line) {
        if (writeFd < 0) {
            return;
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        Native.LIBC.write(writeFd, bytes, bytes.length); // < PIPE_BUF: atomic
    }
}
