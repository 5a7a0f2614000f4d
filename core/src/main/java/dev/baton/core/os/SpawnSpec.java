package dev.baton.core.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to spawn. The program is an absolute path, already resolved and checked. The child
 * always gets fds 0, 1 and 2 from baton, then {@code passFds} at 3, 4, ... in order, and no
 * other fd. It runs in a new process group with an empty signal mask and default dispositions.
 *
 * @param program absolute path of the executable
 * @param argv full argv, argv[0] included
 * @param env the complete environment
 * @param workdir working directory
 * @param identity uid/gid to switch to
 * @param dieWithParent if true, the child is SIGKILLed when baton dies (pdeathsig, with the
 *     start-up race closed), and so is every process left in its group
 * @param passFds fds of baton's to pass on, placed at 3, 4, ... in this order
 * @param newProcessGroup true to lead a new process group (children); false to stay in baton's
 *     (a new baton)
 * @param pidEnv variables to set to the child's own pid (LISTEN_PID); needs {@code dieWithParent}
 */
public record SpawnSpec(
        Path program,
        List<String> argv,
        Map<String, String> env,
        Path workdir,
        Identity identity,
        boolean dieWithParent,
        List<Integer> passFds,
        boolean newProcessGroup,
        List<String> pidEnv) {

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
        passFds = List.copyOf(passFds);
        pidEnv = List.copyOf(pidEnv);
        for (String name : pidEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a variable name: " + name);
            }
        }
        if (!pidEnv.isEmpty() && !dieWithParent) {
            throw new IllegalArgumentException("pidEnv needs the dieWithParent wrapper");
        }
    }

    public SpawnSpec(Path program, List<String> argv, Map<String, String> env, Path workdir, Identity identity,
            boolean dieWithParent, List<Integer> passFds, boolean newProcessGroup) {
        this(program, argv, env, workdir, identity, dieWithParent, passFds, newProcessGroup, List.of());
    }

    /** A child that dies with baton and gets no extra fds. */
    public static SpawnSpec of(Path program, List<String> argv, Map<String, String> env, Path workdir,
            Identity identity) {
        return new SpawnSpec(program, argv, env, workdir, identity, true, List.of(), true);
    }

    /** One line naming the command, for errors and logs. */
    public String describeCommand() {
        return String.join(" ", argv);
    }
}
