package dev.baton.core.supervisor;

import dev.baton.core.os.FdLayout;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.NotifyChannel;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.os.NewBatonProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The OS seam, faked. Records every spawn and every signalGroup call, in order, in {@link #calls()}
 * ({@code "spawn v1 1001"}, {@code "TERM 1001"}, {@code "stopSelf"}). Children end only when the test
 * says so, unless they were told which signals kill them.
 */
final class FakeOs implements Os {
    static final long OWN_PID = 4242;

    /**
     * The signals that end a child when its group receives them, for children spawned from now on.
     * Empty (the default): children end only when the test completes their futures.
     */
    private Set<Signal> fatalForNewChildren = EnumSet.noneOf(Signal.class);
    private final List<String> calls = new ArrayList<>();
    private final List<SpawnSpec> specs = new ArrayList<>();
    private final List<FakeChild> children = new ArrayList<>();
    private SpawnException nextSpawnFailure;
    private long nextPid = 1001;
    private int stopSelfCalls;
    private final List<FakeLineChannel> newBatonChannels = new ArrayList<>();
    private LineChannel inherited;
    private final java.util.Map<Integer, String> sockets = new java.util.HashMap<>();
    /** What a child spawned with piped output writes to its stdout, by argv[0] (set by {@link #writes}). */
    private final java.util.Map<String, String> outputs = new java.util.HashMap<>();

    /** baton's controlling terminal as the supervisor sees it: set it to 0 to hang the terminal up. */
    volatile long terminal;

    @Override
    public long pid() {
        return OWN_PID;
    }

    /** What the supervisor asked to run when the terminal hangs up; null if it did not watch. */
    volatile Runnable terminalWatch;

    @Override
    public long controllingTerminal() {
        return terminal;
    }

    @Override
    public boolean watchTerminal(Runnable onHangup) {
        if (terminal == 0) {
            return false;
        }
        terminalWatch = onHangup;
        return true;
    }

    @Override
    public synchronized ChildProcess spawn(SpawnSpec spec) throws SpawnException {
        specs.add(spec);
        if (nextSpawnFailure != null) {
            SpawnException e = nextSpawnFailure;
            nextSpawnFailure = null;
            calls.add("spawn-failed " + label(spec));
            throw e;
        }
        Set<Signal> fatal = fatalForNewChildren.isEmpty() ? EnumSet.noneOf(Signal.class) : withKill(fatalForNewChildren);
        FakeChild child = new FakeChild(nextPid++, spec, fatal);
        if (spec.pipeOutput()) {
            child.output = java.util.Optional.of(new dev.baton.core.os.ChildOutput(
                    new java.io.ByteArrayInputStream(outputs.getOrDefault(label(spec), "").getBytes()),
                    new java.io.ByteArrayInputStream(new byte[0])));
        }
        children.add(child);
        calls.add("spawn " + label(spec) + " " + child.pid);
        return child;
    }

    private static Set<Signal> withKill(Set<Signal> s) {
        Set<Signal> all = EnumSet.of(Signal.KILL);
        all.addAll(s);
        return all;
    }

    private static String label(SpawnSpec spec) {
        return spec.argv().get(0);
    }

    /**
     * A new baton: recorded as {@code "new-baton LAUNCHER PID"}; its handover channel is
     * {@link #newBatonChannel(int)}. It dies on the signals set by {@link #childrenDieOn}.
     */
    @Override
    public synchronized NewBatonProcess spawnNewBaton(SpawnSpec spec, int handoverFd) throws SpawnException {
        specs.add(spec);
        if (nextSpawnFailure != null) {
            SpawnException e = nextSpawnFailure;
            nextSpawnFailure = null;
            calls.add("new-baton-failed " + label(spec));
            throw e;
        }
        Set<Signal> fatal = fatalForNewChildren.isEmpty() ? EnumSet.of(Signal.KILL) : withKill(fatalForNewChildren);
        FakeChild child = new FakeChild(nextPid++, spec, fatal);
        children.add(child);
        newBatonFds.add(List.copyOf(spec.fds().tailMap(FdLayout.FIRST_INHERITED_LISTENER).values()));
        FakeLineChannel channel = new FakeLineChannel();
        newBatonChannels.add(channel);
        calls.add("new-baton " + label(spec) + " " + child.pid);
        return new NewBatonProcess(child, channel);
    }

    private int nextFd = 100;
    /** The listener fds (from fd 5) of every spawnNewBaton call, in order. */
    private final List<List<Integer>> newBatonFds = new ArrayList<>();
    /** Normalized address to the message its listen throws (set by {@link #failListen}). */
    private final java.util.Map<String, String> listenFailures = new java.util.HashMap<>();

    /**
     * Listeners are fake fds from 100 up, recorded as {@code "listen ADDRESS FD"}; an address set by
     * {@link #failListen} is recorded as {@code "listen-failed ADDRESS"} and throws.
     */
    @Override
    public synchronized int listen(dev.baton.core.os.ListenerConfig listener)
            throws dev.baton.core.os.ListenException {
        String failure = listenFailures.get(listener.address().normalized());
        if (failure != null) {
            calls.add("listen-failed " + listener.address().normalized());
            throw new dev.baton.core.os.ListenException(failure);
        }
        int fd = nextFd++;
        calls.add("listen " + listener.address().normalized() + " " + fd);
        return fd;
    }

    @Override
    public java.util.Optional<String> describeSocket(int fd) {
        return java.util.Optional.ofNullable(sockets.get(fd));
    }

    /** What {@link #describeSocket} says of {@code fd}: a listening socket bound to {@code address}. */
    synchronized void socketAt(int fd, String address) {
        sockets.put(fd, address);
    }

    @Override
    public synchronized void closeFd(int fd) {
        calls.add("close " + fd);
    }

    /** The channel a new baton inherits: set by the test with {@link #inherit}. */
    @Override
    public synchronized LineChannel inheritedChannel(int fd) {
        return inherited;
    }

    @Override
    public void signal(long pid, Signal signal) {
        FakeChild target;
        synchronized (this) {
            calls.add("pid " + signal.name() + " " + pid);
            target = children.stream().filter(c -> c.pid == pid).findFirst().orElse(null);
        }
        if (target != null && target.fatal.contains(signal)) {
            target.die(new ChildExit.Signaled(signal.number(), false));
        }
    }

    @Override
    public void signalGroup(long pgid, Signal signal) {
        FakeChild target;
        synchronized (this) {
            calls.add(signal.name() + " " + pgid);
            target = children.stream().filter(c -> c.pid == pgid).findFirst().orElse(null);
        }
        if (target != null && target.fatal.contains(signal)) {
            target.die(new ChildExit.Signaled(signal.number(), false));
        }
    }

    @Override
    public synchronized void stopSelf() {
        stopSelfCalls++;
        calls.add("stopSelf");
    }

    // small files: plain NIO (the real, race-free writes are LinuxOs's, proven by the ITs)

    @Override
    public void replaceFile(java.nio.file.Path path, String content, int mode) throws java.io.IOException {
        java.nio.file.Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        java.nio.file.Files.writeString(tmp, content);
        java.nio.file.Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public java.util.Optional<String> readFile(java.nio.file.Path path) {
        try {
            return java.util.Optional.of(java.nio.file.Files.readString(path));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public boolean removeFileIf(java.nio.file.Path path, java.util.function.Predicate<String> test) {
        try {
            return readFile(path).filter(test).isPresent() && java.nio.file.Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public NotifyChannel openNotifySocket(Path runtimeDirectory, OptionalInt childUid) {
        throw new UnsupportedOperationException("FakeOs opens no notify socket: no loop test runs a notify check");
    }

    // ---- test controls ----

    synchronized FakeLineChannel newBatonChannel(int index) {
        return newBatonChannels.get(index);
    }

    synchronized void inherit(LineChannel channel) {
        inherited = channel;
    }

    /** Children spawned from now on die (exit by the signal, then their group goes) on these signals and KILL. */
    synchronized void childrenDieOn(Signal... signals) {
        fatalForNewChildren = signals.length == 0 ? EnumSet.noneOf(Signal.class) : EnumSet.of(signals[0], signals);
    }

    /** Children spawned with piped output from now on, whose argv[0] is {@code argv0}, write {@code stdout}. */
    synchronized void writes(String argv0, String stdout) {
        outputs.put(argv0, stdout);
    }

    /** The next spawn throws. */
    synchronized void failNextSpawn(String reason) {
        nextSpawnFailure = new SpawnException("spawned-command", 2, reason);
    }

    /** Listening on this normalized address throws a ListenException with this message from now on. */
    synchronized void failListen(String address, String message) {
        listenFailures.put(address, message);
    }

    /** The listener fds each new baton was given (its fds 5, 6, ...), one list per spawnNewBaton call. */
    synchronized List<List<Integer>> newBatonFds() {
        return List.copyOf(newBatonFds);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<SpawnSpec> specs() {
        return List.copyOf(specs);
    }

    synchronized FakeChild child(int index) {
        return children.get(index);
    }

    synchronized FakeChild byPid(long pid) {
        return children.stream().filter(c -> c.pid == pid).findFirst().orElseThrow();
    }

    synchronized int spawnCount() {
        return children.size();
    }

    synchronized int stopSelfCalls() {
        return stopSelfCalls;
    }

    /** A fake child; pgid == pid. */
    static final class FakeChild implements ChildProcess {
        final long pid;
        final SpawnSpec spec;
        /** Signals that end it (once exited, a fatal signal still empties the group). */
        final Set<Signal> fatal;
        private final CompletableFuture<ChildExit> exit = new CompletableFuture<>();
        private final CompletableFuture<Void> gone = new CompletableFuture<>();
        java.util.Optional<dev.baton.core.os.ChildOutput> output = java.util.Optional.empty();

        @Override
        public java.util.Optional<dev.baton.core.os.ChildOutput> output() {
            return output;
        }

        FakeChild(long pid, SpawnSpec spec, Set<Signal> fatal) {
            this.pid = pid;
            this.spec = spec;
            this.fatal = fatal;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletionStage<ChildExit> exit() {
            return exit;
        }

        @Override
        public CompletionStage<Void> groupGone() {
            return gone;
        }

        /** The leader is reaped with this status. */
        FakeChild exit(ChildExit how) {
            if (!exit.complete(how)) {
                throw new IllegalStateException("child " + pid + " already exited");
            }
            return this;
        }

        /** The last process of the group is gone (completes {@link #groupGone()}). */
        FakeChild emptyGroup() {
            if (!exit.isDone()) {
                throw new IllegalStateException("group of " + pid + " cannot be gone before its leader exits");
            }
            gone.complete(null);
            return this;
        }

        /** Exits (if not already) and then its group goes. */
        FakeChild die(ChildExit how) {
            exit.complete(how);
            gone.complete(null);
            return this;
        }

        /** From now on only SIGKILL ends it. */
        FakeChild ignoreTerm() {
            fatal.clear();
            fatal.add(Signal.KILL);
            return this;
        }

        /** From now on these signals and SIGKILL end it. */
        FakeChild diesOn(Signal... signals) {
            fatal.clear();
            fatal.add(Signal.KILL);
            fatal.addAll(List.of(signals));
            return this;
        }

        boolean exited() {
            return exit.isDone();
        }

        boolean isGone() {
            return gone.isDone();
        }
    }
}
