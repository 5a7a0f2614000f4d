package dev.baton.core.os.linux;

import dev.baton.core.os.SpawnException;
import jnr.ffi.Pointer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One posix_spawn call: new process group, empty signal mask, every signal at its default,
 * fds 0-2 inherited (or 1 and 2 replaced by output pipes), the layout's fds placed where it says,
 * everything else closed.
 *
 * <p>{@link FdPlan} orders the moves so that no {@code dup2} clobbers a source that a later one
 * still needs, with at most one fd above the highest one involved.
 */
final class PosixSpawn {
    private static final LibC C = Native.LIBC;

    private PosixSpawn() {
    }

    /**
     * Returns the pid. {@code layout}: the child's fd (3 and up) to baton's fd; fds between 3 and
     * the last target that get nothing are closed.
     */
    static int spawn(Path program, List<String> argv, Map<String, String> env, Path workdir,
            SortedMap<Integer, Integer> layout, boolean newGroup, String commandForErrors)
            throws SpawnException {
        return spawn(program, argv, env, workdir, null, layout, newGroup, commandForErrors);
    }

    /**
     * As above; {@code stdio}, if not null, holds baton's fds that become the child's 1 and 2 (the
     * write ends of its output pipes) in place of baton's own.
     */
    static int spawn(Path program, List<String> argv, Map<String, String> env, Path workdir, int[] stdio,
            SortedMap<Integer, Integer> layout, boolean newGroup, String commandForErrors)
            throws SpawnException {
        List<Pointer> keep = new ArrayList<>();
        Pointer argvPtr = Native.cStringArray(argv, keep);
        List<String> envList = new ArrayList<>(env.size());
        env.forEach((k, v) -> envList.add(k + "=" + v));
        Pointer envPtr = Native.cStringArray(envList, keep);

        Pointer actions = Native.allocate(LibC.FILE_ACTIONS_SIZE);
        Pointer attr = Native.allocate(LibC.SPAWNATTR_SIZE);
        check(C.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", commandForErrors);
        try {
            check(C.posix_spawnattr_init(attr), "posix_spawnattr_init", commandForErrors);
            try {
                addFileActions(actions, workdir, stdio, layout, commandForErrors);
                setAttributes(attr, newGroup, commandForErrors);
                int[] pid = new int[1];
                int rc = C.posix_spawn(pid, program.toString(), actions, attr, argvPtr, envPtr);
                if (rc != 0) {
                    throw new SpawnException(commandForErrors, rc, Native.strerror(rc));
                }
                return pid[0];
            } finally {
                C.posix_spawnattr_destroy(attr);
            }
        } finally {
            C.posix_spawn_file_actions_destroy(actions);
            keep.clear();
        }
    }

    private static void addFileActions(Pointer actions, Path workdir, int[] stdio, SortedMap<Integer, Integer> layout,
            String cmd) throws SpawnException {
        check(C.posix_spawn_file_actions_addchdir_np(actions, workdir.toString()), "addchdir", cmd);
        if (stdio != null) {
            // first, while the pipes' fds are still where baton has them: the layout's moves may reuse those numbers
            check(C.posix_spawn_file_actions_adddup2(actions, stdio[0], 1), "adddup2", cmd);
            check(C.posix_spawn_file_actions_adddup2(actions, stdio[1], 2), "adddup2", cmd);
        }
        for (FdPlan.Action action : FdPlan.of(layout)) {
            if (action instanceof FdPlan.Dup2 d) {
                check(C.posix_spawn_file_actions_adddup2(actions, d.from(), d.to()), "adddup2", cmd);
            } else if (action instanceof FdPlan.Close c) {
                check(C.posix_spawn_file_actions_addclose(actions, c.fd()), "addclose", cmd);
            } else if (action instanceof FdPlan.CloseFrom c) {
                check(C.posix_spawn_file_actions_addclosefrom_np(actions, c.fd()), "addclosefrom_np", cmd);
            }
        }
    }

    private static void setAttributes(Pointer attr, boolean newGroup, String cmd) throws SpawnException {
        Pointer empty = Native.allocate(LibC.SIGSET_SIZE);
        C.sigemptyset(empty);
        Pointer full = Native.allocate(LibC.SIGSET_SIZE);
        C.sigfillset(full);
        short flags = (short) ((newGroup ? LibC.POSIX_SPAWN_SETPGROUP : 0) | LibC.POSIX_SPAWN_SETSIGMASK
                | LibC.POSIX_SPAWN_SETSIGDEF);
        check(C.posix_spawnattr_setflags(attr, flags), "setflags", cmd);
        if (newGroup) {
            check(C.posix_spawnattr_setpgroup(attr, 0), "setpgroup", cmd);
        }
        check(C.posix_spawnattr_setsigmask(attr, empty), "setsigmask", cmd);
        check(C.posix_spawnattr_setsigdefault(attr, full), "setsigdefault", cmd);
    }

    private static void check(int rc, String what, String cmd) throws SpawnException {
        if (rc != 0) {
            throw new SpawnException(cmd, rc, what + ": " + Native.strerror(rc));
        }
    }
}
