package dev.baton.core.os.linux;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildOutput;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.Identity;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.os.NewBatonProcess;
import dev.baton.core.os.NotifyChannel;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The Linux implementation of the OS seam, through jnr-ffi.
 *
 * <p>A child that must die with baton is started as
 * {@code setpriv [identity] -- setpriv --pdeathsig KILL -- /bin/sh -c CHECK sh BATON_PID PROGRAM ARGS},
 * where CHECK exits unless the shell's parent is still baton and otherwise execs the program,
 * so the pid stays the program's. The identity switch comes first because a credential change
 * clears pdeathsig; the parent check closes the race where baton dies before the prctl.
 */
public final class LinuxOs implements Os {
    static final String PARENT_CHECK = "[ \"$PPID\" = \"$1\" ] || exit 1; shift; ";

    private final long pid;
    private final int euid;
    private final Path setpriv;
    private final Path shell;
    private final ProcessTable table = new ProcessTable();
    private final SpawnThread spawner = new SpawnThread();
    private final GroupWatcher groups = new GroupWatcher();
    private final Guard guard;

    private LinuxOs(Path setpriv, Path shell) throws OsUnavailableException {
        this.pid = Native.LIBC.getpid();
        this.euid = Native.LIBC.geteuid();
        this.setpriv = setpriv;
        this.shell = shell;
        this.guard = new Guard(shell, table);
        Reaper.start(table);
        try {
            spawner.call(() -> {
                guard.start();
                return null;
            });
        } catch (Exception e) {
            throw new OsUnavailableException("cannot start baton-guard: " + e.getMessage());
        }
    }

    /**
     * Creates the seam. Fails with a one-line message when a tool it needs is missing.
     *
     * @throws OsUnavailableException when setpriv (util-linux) or /bin/sh is missing
     */
    public static LinuxOs create() throws OsUnavailableException {
        Path shell = Path.of("/bin/sh");
        if (!Files.isExecutable(shell)) {
            throw new OsUnavailableException("/bin/sh is missing or not executable");
        }
        Path setpriv = findSetpriv();
        return new LinuxOs(setpriv, shell);
    }

    private static Path findSetpriv() throws OsUnavailableException {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.add("/usr/bin");
        dirs.add("/bin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "setpriv");
            if (candidate.isAbsolute() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new OsUnavailableException("setpriv not found in PATH (" + path
                + "); install util-linux (Debian: apt-get install util-linux)");
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public ChildProcess spawn(SpawnSpec spec) throws SpawnException {
        Path program = spec.program();
        List<String> argv = spec.argv();
        if (spec.dieWithParent() || !spec.identity().inherits()) {
            argv = wrap(spec);
            program = setpriv;
        }
        Path exe = program;
        List<String> finalArgv = argv;
        CompletableFuture<ChildExit> exit = new CompletableFuture<>();
        boolean guarded = spec.dieWithParent();
        int childPid;
        OutputPipes pipes = spec.pipeOutput() ? OutputPipes.open(spec.describeCommand(), spec.mergeStderr()) : null;
        try {
            childPid = spawner.call(() -> {
                int p = table.spawnAndRegister(
                        () -> PosixSpawn.spawn(exe, finalArgv, spec.env(), spec.workdir(),
                                pipes == null ? null : pipes.writeEnds(), spec.fds(), spec.newProcessGroup(),
                                spec.describeCommand()),
                        exit);
                if (guarded) {
                    guard.add(p);
                }
                return p;
            });
        } catch (SpawnException | RuntimeException e) {
            if (pipes != null) {
                pipes.closeAll();
            }
            throw e;
        } catch (Exception e) {
            if (pipes != null) {
                pipes.closeAll();
            }
            throw new SpawnException(spec.describeCommand(), 0, e.toString());
        }
        Optional<ChildOutput> output = Optional.empty();
        if (pipes != null) {
            output = Optional.of(pipes.spawned()); // the child has the write ends now; baton keeps the read ends
        }
        CompletableFuture<Void> gone = spec.newProcessGroup() ? exit.thenCompose(x -> groups.watch(childPid))
                : exit.thenApply(x -> null);
        if (guarded) {
            // chained, not a side branch: whoever waits for "gone" runs only after the guard forgot the
            // group, so baton can never exit with a dead (and soon reused) pgid on the guard's list
            gone = gone.thenRun(() -> guard.remove(childPid));
        }
        return new LinuxChild(childPid, exit, gone, output);
    }

    @Override
    public NewBatonProcess spawnNewBaton(SpawnSpec spec, int handoverFd) throws SpawnException {
        if (spec.dieWithParent() || spec.newProcessGroup() || spec.fds().containsKey(handoverFd)) {
            throw new IllegalArgumentException("a new baton gets no pdeathsig, stays in baton's group, and its handover"
                    + " fd is the socket pair's");
        }
        int[] pair = new int[2];
        if (Native.LIBC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, pair) != 0) {
            int errno = Native.lastErrno();
            throw new SpawnException(spec.describeCommand(), errno, "socketpair: " + Native.strerror(errno));
        }
        SortedMap<Integer, Integer> layout = new TreeMap<>(spec.fds());
        layout.put(handoverFd, pair[1]);
        try {
            CompletableFuture<ChildExit> exit = new CompletableFuture<>();
            int pid = spawner.call(() -> table.spawnAndRegister(() -> PosixSpawn.spawn(spec.program(), spec.argv(),
                    spec.env(), spec.workdir(), layout, false, spec.describeCommand()), exit));
            ChildProcess process = new LinuxChild(pid, exit, exit.thenApply(x -> null), Optional.empty());
            return new NewBatonProcess(process, new FdLineChannel(pair[0]));
        } catch (SpawnException | RuntimeException e) {
            Native.LIBC.close(pair[0]);
            throw e;
        } catch (Exception e) {
            Native.LIBC.close(pair[0]);
            throw new SpawnException(spec.describeCommand(), 0, e.toString());
        } finally {
            Native.LIBC.close(pair[1]);
        }
    }

    @Override
    public int listen(ListenerConfig listener) throws ListenException {
        try {
            return spawner.call(() -> Sockets.listen(listener)); // on the spawn thread: see Sockets.bind's umask
        } catch (ListenException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ListenException("cannot listen on " + listener.address().normalized() + ": " + e);
        }
    }

    @Override
    public Optional<String> describeSocket(int fd) {
        return Sockets.describe(fd);
    }

    @Override
    public void closeFd(int fd) {
        Native.LIBC.close(fd);
    }

    @Override
    public long guardPid() {
        return guard.pid();
    }

    @Override
    public long parentPid() {
        return Native.LIBC.getppid();
    }

    @Override
    public boolean watchTerminal(Runnable onHangup) {
        return TerminalWatch.start(onHangup);
    }

    @Override
    public long controllingTerminal() {
        return ProcStat.controllingTerminal();
    }

    @Override
    public LineChannel inheritedChannel(int fd) {
        Native.LIBC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
        return new FdLineChannel(fd);
    }

    @Override
    public void signal(long target, Signal signal) {
        if (target <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + target);
        }
        Native.LIBC.kill((int) target, signal.number());
    }

    private List<String> wrap(SpawnSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("setpriv");
        Identity id = spec.identity();
        if (!id.inherits()) {
            if (id.uid().isPresent()) {
                argv.add("--reuid=" + id.uid().getAsInt());
            }
            argv.add("--regid=" + id.gid().getAsInt());
            // --init-groups needs a passwd entry for the uid: a bare uid gets no supplementary groups
            argv.add(id.userGroups() ? "--init-groups" : "--clear-groups");
            argv.add("--");
            argv.add(setpriv.toString());
        }
        if (spec.dieWithParent()) {
            argv.add("--pdeathsig=KILL");
            argv.add("--");
            argv.add(shell.toString());
            argv.add("-c");
            StringBuilder script = new StringBuilder(PARENT_CHECK);
            for (String name : spec.pidEnv()) {
                script.append(name).append("=$$; export ").append(name).append("; ");
            }
            argv.add(script.append("exec \"$@\"").toString());
            argv.add("sh");
            argv.add(Long.toString(pid));
        } else {
            argv.add("--");
        }
        argv.add(spec.program().toString());
        argv.addAll(spec.argv().subList(1, spec.argv().size()));
        return argv;
    }

    @Override
    public void signalGroup(long pgid, Signal signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        Native.LIBC.kill((int) -pgid, signal.number());
    }

    @Override
    public void stopSelf() {
        Native.LIBC.kill((int) pid, Signal.STOP.number());
    }

    @Override
    public void replaceFile(Path path, String content, int mode) throws IOException {
        SmallFiles.replace(path, content.getBytes(StandardCharsets.UTF_8), mode, euid);
    }

    @Override
    public Optional<String> readFile(Path path) {
        return SmallFiles.read(path, euid);
    }

    @Override
    public boolean removeFileIf(Path path, Predicate<String> test) {
        return SmallFiles.removeIf(path, test, euid);
    }

    @Override
    public NotifyChannel openNotifySocket(Path runtimeDirectory, OptionalInt childUid) throws IOException {
        return FdNotifyChannel.open(runtimeDirectory, childUid);
    }

    private record LinuxChild(long pid, CompletableFuture<ChildExit> exitFuture, CompletableFuture<Void> gone,
            Optional<ChildOutput> output) implements ChildProcess {
        @Override
        public CompletionStage<ChildExit> exit() {
            return exitFuture;
        }

        @Override
        public CompletionStage<Void> groupGone() {
            return gone;
        }
    }
}
