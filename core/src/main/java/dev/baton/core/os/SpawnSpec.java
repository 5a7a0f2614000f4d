package dev.baton.core.os;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What to spawn. The program is an absolute path, already resolved and checked. The child
 * always gets fds 0, 1 and 2 from baton, then {@code fds} where they say (handover's
 * {@link FdLayout} makes them), and no other fd. It runs in a new process group with an empty
 * signal mask and default dispositions.
 *
 * @param program absolute path of the executable
 * @param argv full argv, argv[0] included
 * @param env the complete environment
 * @param workdir working directory
 * @param identity uid/gid to switch to
 * @param dieWithParent if true, the child is SIGKILLed when baton dies (pdeathsig, with the
 *     start-up race closed), and so is every process left in its group
 * @param fds the new process's fd (3 and up) to the fd of baton's that it gets
 * @param newProcessGroup true to lead a new process group (children); false to stay in baton's
 *     (a new baton)
 * @param pidEnv variables to set to the child's own pid (LISTEN_PID); needs {@code dieWithParent}
 * @param pipeOutput true to give the child pipes as fds 1 and 2 instead of baton's own; their read
 *     ends come back as {@link ChildProcess#output()}
 * @param mergeStderr with {@code pipeOutput}: fd 2 is the same pipe as fd 1 (what the child writes to
 *     either arrives in its own order, on {@link ChildOutput#stdout()}; {@code stderr()} is empty)
 */
public record SpawnSpec(
        Path program,
        List<String> argv,
        Map<String, String> env,
        Path workdir,
        Identity identity,
        boolean dieWithParent,
        SortedMap<Integer, Integer> fds,
        boolean newProcessGroup,
        List<String> pidEnv,
        boolean pipeOutput,
        boolean mergeStderr) {

    public SpawnSpec {
        Objects.requireNonNull(program, "program");
        if (!program.isAbsolute()) {
            throw new IllegalArgumentException("program must be absolute: " + program);
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(identity, "identity");
        fds = Collections.unmodifiableSortedMap(new TreeMap<>(fds));
        pidEnv = List.copyOf(pidEnv);
        for (String name : pidEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a variable name: " + name);
            }
        }
        if (!pidEnv.isEmpty() && !dieWithParent) {
            throw new IllegalArgumentException("pidEnv needs the dieWithParent wrapper");
        }
        if (mergeStderr && !pipeOutput) {
            throw new IllegalArgumentException("mergeStderr needs pipeOutput");
        }
    }

    public SpawnSpec(Path program, List<String> argv, Map<String, String> env, Path workdir, Identity identity,
            boolean dieWithParent, SortedMap<Integer, Integer> fds, boolean newProcessGroup, List<String> pidEnv,
            boolean pipeOutput) {
        this(program, argv, env, workdir, identity, dieWithParent, fds, newProcessGroup, pidEnv, pipeOutput, false);
    }

    public SpawnSpec(Path program, List<String> argv, Map<String, String> env, Path workdir, Identity identity,
            boolean dieWithParent, SortedMap<Integer, Integer> fds, boolean newProcessGroup, List<String> pidEnv) {
        this(program, argv, env, workdir, identity, dieWithParent, fds, newProcessGroup, pidEnv, false);
    }

    public SpawnSpec(Path program, List<String> argv, Map<String, String> env, Path workdir, Identity identity,
            boolean dieWithParent, SortedMap<Integer, Integer> fds, boolean newProcessGroup) {
        this(program, argv, env, workdir, identity, dieWithParent, fds, newProcessGroup, List.of());
    }

    /** A child that dies with baton and gets no extra fds. */
    public static SpawnSpec of(Path program, List<String> argv, Map<String, String> env, Path workdir,
            Identity identity) {
        return new SpawnSpec(program, argv, env, workdir, identity, true, new TreeMap<>(), true);
    }

    /** baton's fds that the new process gets, in the order of the fds it gets them at. */
    public List<Integer> passFds() {
        return List.copyOf(fds.values());
    }

    /** One line naming the command, for errors and logs. */
    public String describeCommand() {
        return String.join(" ", argv);
    }
}
