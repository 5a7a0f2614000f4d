package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One benchmark run: baton around the demo app in one socket mode, under load, through N flips.
 * (A run of Server::Starter instead is a {@link StarterScenario}.)
 */
final class Scenario {
    enum Mode { LISTENERS, REUSEPORT, ALTERNATE }

    /** What flips the app: baton, or a peer run through the same app, load and flips. */
    enum Flipper {
        BATON("baton"), SERVER_STARTER("Server::Starter");

        final String label;

        Flipper(String label) {
            this.label = label;
        }
    }

    enum Fault {
        NONE, EXIT_AT_START, NEVER_HEALTHY, KILL_NEW_BATON, CRASH_AFTER_ACCEPT, IGNORE_TERM,
        /** Each faulty flip's new child crashes on probation, 2 s after it became healthy: baton rolls back. */
        PROBATION_ROLLBACK,
        /** No flips: the serving child is SIGKILLed {@code flips} times, and baton restarts it in place. */
        CRASH_RESTART;

        /** The faults that must cost no request; the others are measured and reported. */
        boolean heldToZero() {
            return this == EXIT_AT_START || this == NEVER_HEALTHY || this == KILL_NEW_BATON;
        }

        /** Run in each socket mode, to compare what each way of sharing the port loses; the others in listeners mode. */
        boolean inEveryMode() {
            return this == CRASH_AFTER_ACCEPT || this == IGNORE_TERM;
        }
    }

    /** PROBATION_ROLLBACK: every flip's probation, and when its faulty child crashes after becoming healthy. */
    static final String PROBATION = "5s";
    static final String CRASH_AFTER_HEALTHY_SECONDS = "2";
    /** CRASH_RESTART: the restart policy's backoff doubles from this up to {@link #RESTART_MAX_BACKOFF}. */
    static final String RESTART_BACKOFF = "250ms";
    static final String RESTART_MAX_BACKOFF = "2s";
    /** CRASH_RESTART: after each restart, the load runs this long before the next SIGKILL. */
    private static final long RESTART_GAP_MILLIS = 2000;

    /**
     * What to run: {@code flips} flips; with a fault, {@code flips} faulty attempts, each followed by
     * a good flip (with CRASH_RESTART, {@code flips} SIGKILLs of the serving child and no flip). {@code upgradeMode}: baton's {@code upgrade.mode} as written in its config (null:
     * not written, baton's default). {@code listeners}: how many sockets baton holds (listeners mode;
     * the load and the health check use the first).
     */
    record Spec(String name, Mode mode, String readiness, int flips, Fault fault, Flipper flipper,
            String upgradeMode, int listeners) {
        Spec(String name, Mode mode, String readiness, int flips, Fault fault) {
            this(name, mode, readiness, flips, fault, Flipper.BATON, null, 1);
        }

        /** The mode written in the config: the spec's, else reexec where the fault needs a new baton to kill. */
        String configuredUpgradeMode() {
            return upgradeMode != null ? upgradeMode : fault == Fault.KILL_NEW_BATON ? "reexec" : null;
        }
    }

    /**
     * The supervisor processes together (see {@link Sampler}): summed RSS when idle and at its
     * peak, and their CPU time from the first SIGHUP to 2 s after the last flip.
     */
    record Supervision(double idleMb, double peakMb, double flipCpuSeconds) {
        static final Supervision NONE = new Supervision(-1, -1, -1);
    }

    record Result(Spec spec, List<LoadGen.Sample> samples, List<Timeline> flips, int completed, int failed,
            long loadStart, long restEnd, long loadEnd, double idleRssMb, double peakRssMb, double rssAt10Mb,
            double rssEndMb, double cpuSeconds, int fdsBefore, int fdsAt10, int fdsAfter, int leftovers,
            String problem, List<LoadGen.Failure> failures, Supervision supervision, List<Recovery> recoveries) {
        Result(Spec spec, List<LoadGen.Sample> samples, List<Timeline> flips, int completed, int failed,
                long loadStart, long restEnd, long loadEnd, double idleRssMb, double peakRssMb, double rssAt10Mb,
                double rssEndMb, double cpuSeconds, int fdsBefore, int fdsAt10, int fdsAfter, int leftovers,
                String problem, List<LoadGen.Failure> failures, Supervision supervision) {
            this(spec, samples, flips, completed, failed, loadStart, restEnd, loadEnd, idleRssMb, peakRssMb, rssAt10Mb,
                    rssEndMb, cpuSeconds, fdsBefore, fdsAt10, fdsAfter, leftovers, problem, failures, supervision,
                    List.of());
        }

        Result(Spec spec, List<LoadGen.Sample> samples, List<Timeline> flips, int completed, int failed,
                long loadStart, long restEnd, long loadEnd, double idleRssMb, double peakRssMb, double rssAt10Mb,
                double rssEndMb, double cpuSeconds, int fdsBefore, int fdsAt10, int fdsAfter, int leftovers,
                String problem, List<LoadGen.Failure> failures) {
            this(spec, samples, flips, completed, failed, loadStart, restEnd, loadEnd, idleRssMb, peakRssMb, rssAt10Mb,
                    rssEndMb, cpuSeconds, fdsBefore, fdsAt10, fdsAfter, leftovers, problem, failures, Supervision.NONE);
        }
    }

    /** A PROBATION_ROLLBACK flip as the bench saw it: its new child, when that exited, and the old child after. */
    private record Crash(long generation, long hup, long newChild, long exitedAt, long oldChild, boolean oldAlive) {
    }

    /** A CRASH_RESTART SIGKILL: the serving child, and when the bench sent it. */
    private record Kill(long child, long at) {
    }

    private final Spec spec;
    private final Path home;
    private final Path examples;
    private final Path dir;
    private final String tag = UUID.randomUUID().toString();
    private final Path pidfile;
    private final Path config;
    private final Path log;
    private final LogTail tail;
    private final List<Integer> ports = new ArrayList<>();
    private int port;
    private int alt1;
    private int alt2;

    Scenario(Spec spec, Path home, Path examples, Path work) throws IOException {
        this.spec = spec;
        this.home = home;
        this.examples = examples;
        this.dir = Files.createDirectories(work.resolve(spec.name()));
        this.pidfile = dir.resolve("baton.pid");
        this.config = dir.resolve("baton.yaml");
        this.log = dir.resolve("baton.log");
        this.tail = new LogTail(log);
    }

    private String app() {
        return examples.resolve("listeners/python/app.py").toString();
    }

    /** The config; {@code faulty} makes the next generation fail the way the spec's fault says. */
    private String configText(boolean faulty) {
        Fault f = faulty ? spec.fault() : Fault.NONE;
        List<String> command = new ArrayList<>(List.of("python3", app()));
        String listeners = "";
        String alternate = "";
        String probePort;
        switch (spec.mode()) {
            case LISTENERS -> {
                List<String> entries = new ArrayList<>();
                for (int i = 0; i < ports.size(); i++) {
                    entries.add("{name: web" + (i == 0 ? "" : Integer.toString(i + 1)) + ", address: \"tcp://127.0.0.1:"
                            + ports.get(i) + "\"}");
                }
                listeners = "listeners: [" + String.join(", ", entries) + "]\n";
                probePort = Integer.toString(port);
            }
            case REUSEPORT -> {
                command.addAll(List.of("--bind", "127.0.0.1:" + port, "--reuseport"));
                probePort = Integer.toString(port);
            }
            default -> {
                alternate = "alternate: [\"" + alt1 + "\", \"" + alt2 + "\"]\n";
                command.addAll(List.of("--bind", "127.0.0.1:{{alt}}"));
                probePort = "{{alt}}";
            }
        }
        if (f == Fault.CRASH_AFTER_ACCEPT) {
            // it dies at its 3rd accepted connection (health probes count), before it is healthy:
            // the flip fails, and what it had accepted is lost
            command.addAll(List.of("--crash-after", "3"));
        }
        if (spec.fault() == Fault.IGNORE_TERM) {
            command.add("--ignore-term");
        }
        if (f == Fault.PROBATION_ROLLBACK) {
            command.addAll(List.of("--crash-after-healthy", CRASH_AFTER_HEALTHY_SECONDS)); // exits with code 3
        }
        String check = switch (spec.readiness()) {
            case "exec" -> "{exec: {command: [python3, \"" + examples.resolve("bench/probe.py") + "\", \"127.0.0.1:"
                    + probePort + "\"], interval: 20ms}}";
            case "notify" -> "{notify: {}}";
            default -> "{http: {url: \"http://127.0.0.1:" + probePort + "/health\", body: \"^pid={{child_pid}}$\", "
                    + "interval: 20ms}}";
        };
        String timeout = "30s";
        if (f == Fault.EXIT_AT_START) {
            command = List.of("sh", "-c", "exit 3");
        } else if (f == Fault.NEVER_HEALTHY) {
            command = List.of("sleep", "600"); // starts, never serves, never healthy
            timeout = "2s";
        }
        String cmd = command.stream().map(w -> "\"" + w + "\"").reduce((a, b) -> a + ", " + b).orElseThrow();
        return "command: [" + cmd + "]\n" + alternate + listeners
                + "pidfile: " + pidfile + "\n"
                + "upgrade: {timeout: " + timeout + ", start_allowance: 30s"
                + (spec.configuredUpgradeMode() == null ? "" : ", mode: " + spec.configuredUpgradeMode())
                + (spec.fault() == Fault.PROBATION_ROLLBACK ? ", probation: " + PROBATION : "") + "}\n"
                + "shutdown: {timeout: " + (spec.fault() == Fault.IGNORE_TERM ? "2s" : "15s") + "}\n"
                + (spec.fault() == Fault.CRASH_RESTART ? "restart: {policy: on-failure, backoff: " + RESTART_BACKOFF
                        + ", max_backoff: " + RESTART_MAX_BACKOFF + ", max: " + Math.max(5, spec.flips())
                        + ", within: 10m}\n" : "")
                + "healthcheck: " + check + "\n";
    }

    Result run(long loadLimitSeconds) throws IOException, InterruptedException {
        int listenerCount = Math.max(1, spec.listeners());
        List<Integer> free = Procs.freePorts(listenerCount + 3);
        ports.addAll(free.subList(0, listenerCount));
        port = ports.get(0);
        alt1 = free.get(listenerCount);
        alt2 = free.get(listenerCount + 1);
        int loadPort = port;
        Files.writeString(config, configText(false));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BENCH_TAG", tag);
        env.put("BATON_TRACE_START", "1");
        Nginx nginx = null;
        if (spec.mode() == Mode.ALTERNATE) {
            loadPort = free.get(listenerCount + 2);
            nginx = Nginx.start(dir, loadPort, alt1, alt2, env);
        }
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/baton").toString(), "run", "-c", config.toString())
                .redirectError(log.toFile()).redirectOutput(dir.resolve("app.log").toFile());
        pb.environment().putAll(env);
        Process baton = pb.start();
        Nginx proxy = nginx;
        // interrupted (Ctrl-C): stop what this run started, as the normal end does
        Thread cleanup = new Thread(() -> {
            stopBatonQuietly(baton);
            if (proxy != null) {
                proxy.close();
            }
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String problem = null;
        List<Timeline> flips = new ArrayList<>();
        int completed = 0;
        int failed = 0;
        LoadGen load = null;
        Sampler sampler = null;
        long loadStart = 0;
        long restEnd = 0;
        double idleRss = 0;
        double rssAt10 = 0;
        double rssEnd = 0;
        int fdsBefore = -1;
        int fdsAt10 = -1;
        int fdsAfter = -1;
        double supervisorsIdle = -1;
        double flipCpu = -1;
        List<Long> hups = new ArrayList<>();
        List<Crash> crashes = new ArrayList<>();
        List<Kill> kills = new ArrayList<>();
        try {
            awaitLog(" ready$", 1, 90);
            Procs.awaitServing(loadPort);
            sampler = new Sampler(pidfile, tag, "java", false);
            loadStart = System.currentTimeMillis();
            load = new LoadGen(loadPort, 2, 5000, loadLimitSeconds);
            Thread.sleep(3000); // the at-rest period the flips are compared against
            restEnd = System.currentTimeMillis();
            long first = sampler.inCharge().orElse(-1);
            idleRss = Sampler.rssKb(first) / 1024.0;
            fdsBefore = Sampler.fds(first);
            supervisorsIdle = sampler.sample();
            double cpuBefore = sampler.supervisorCpuSeconds();
            // a fault that fails the flip alternates with good flips; IGNORE_TERM is in every flip;
            // CRASH_RESTART flips nothing, it kills
            boolean alternating = spec.fault() != Fault.NONE && spec.fault() != Fault.IGNORE_TERM;
            int attempts = spec.fault() == Fault.CRASH_RESTART ? 0 : alternating ? spec.flips() * 2 : spec.flips();
            if (spec.fault() == Fault.CRASH_RESTART) {
                kills.addAll(killServingChild(spec.flips()));
            }
            for (int i = 1; i <= attempts; i++) {
                boolean faulty = alternating && i % 2 == 1;
                Files.writeString(config, configText(faulty && isConfigFault()));
                long generation = completed + 2;
                long hup = System.currentTimeMillis();
                hups.add(hup);
                long target = sampler.inCharge().orElseThrow();
                int endedBefore = count(REEXEC_ENDED);
                int failedBefore = count(FAILED);
                boolean onProbation = faulty && spec.fault() == Fault.PROBATION_ROLLBACK;
                long oldChild = onProbation ? childOf(generation - 1) : -1;
                Pattern started = started(generation);
                int startedBefore = count(started);
                Procs.kill(target, "HUP");
                if (faulty && spec.fault() == Fault.KILL_NEW_BATON) {
                    String line = awaitLog("generation=" + generation + " baton \\S+ starting as the new baton", 1, 60);
                    Procs.kill(Long.parseLong(line.replaceAll(".*baton\\[(\\d+)].*", "$1")), "KILL");
                }
                boolean ok;
                if (onProbation) {
                    long newChild = pidIn(awaitLog(started.pattern(), startedBefore + 1, 60));
                    try (ExitWatch watch = new ExitWatch(newChild)) {
                        ok = waitForFlipEnd(generation, target, endedBefore, failedBefore, 120);
                        crashes.add(new Crash(generation, hup, newChild, watch.exitedAt(10), oldChild,
                                ExitWatch.running(oldChild)));
                    }
                } else {
                    ok = waitForFlipEnd(generation, target, endedBefore, failedBefore, 120);
                }
                if (ok) {
                    completed++;
                } else {
                    failed++;
                }
                if (completed == 10 && fdsAt10 < 0) {
                    long now = sampler.inCharge().orElse(-1);
                    fdsAt10 = Sampler.fds(now);
                    rssAt10 = Sampler.rssKb(now) / 1024.0;
                }
                Thread.sleep(300); // a gap between flips, so each one's window is its own
            }
            Thread.sleep(2000);
            long last = sampler.inCharge().orElse(-1);
            fdsAfter = Sampler.fds(last);
            rssEnd = Sampler.rssKb(last) / 1024.0;
            sampler.sample();
            flipCpu = sampler.supervisorCpuSeconds() - cpuBefore;
        } catch (RuntimeException | IOException e) {
            problem = e.getMessage();
        } finally {
            if (load != null) {
                load.close();
            }
            if (sampler != null) {
                sampler.close();
            }
            stopBaton(baton);
            if (nginx != null) {
                nginx.close();
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        long loadEnd = System.currentTimeMillis();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<LoadGen.Sample> samples = load == null ? List.of() : load.samples();
        long generation = 2;
        for (long hup : hups) {
            Timeline t = Timeline.of(lines, generation, hup, samples);
            flips.add(t);
            if (!t.failed()) {
                generation++;
            }
        }
        List<Recovery> recoveries = new ArrayList<>();
        for (Crash c : crashes) {
            recoveries.add(Recovery.rollback(lines, c.generation(), c.hup(), c.newChild(), c.exitedAt(), c.oldChild(),
                    c.oldAlive(), samples));
        }
        for (int i = 0; i < kills.size(); i++) {
            recoveries.add(Recovery.restart(lines, i + 1, kills.get(i).child(), kills.get(i).at(), samples));
        }
        int leftovers = Procs.leftovers(tag);
        Supervision supervision = sampler == null ? Supervision.NONE
                : new Supervision(supervisorsIdle, sampler.peakSupervisorsMb(), flipCpu);
        return new Result(spec, samples, flips, completed, failed, loadStart, restEnd, loadEnd, idleRss,
                sampler == null ? 0 : sampler.peakRssMb(), rssAt10, rssEnd,
                sampler == null ? 0 : sampler.cpuSeconds(), fdsBefore, fdsAt10, fdsAfter, leftovers, problem,
                load == null ? List.of() : load.failures(), supervision, recoveries);
    }

    /**
     * CRASH_RESTART: SIGKILLs the serving child {@code times} times, each once baton has restarted
     * the one before and the load has run on it for a while. Generation {@code i} serves before
     * the {@code i}-th kill: each restart is a new generation.
     */
    private List<Kill> killServingChild(int times) throws IOException, InterruptedException {
        List<Kill> kills = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            long child = childOf(i);
            long at = System.currentTimeMillis();
            if (!Procs.sigkill(child)) {
                throw new IOException("could not SIGKILL the serving child, pid " + child);
            }
            kills.add(new Kill(child, at));
            awaitLog("restart completed: generation " + (i + 1) + " took over", 1, 60);
            if (i < times) {
                Thread.sleep(RESTART_GAP_MILLIS); // the load on the restarted child, before the next kill
            } // after the last, the run's own 2 s at the end
        }
        return kills;
    }

    private static Pattern started(long generation) {
        return Pattern.compile("generation=" + generation + " pid=(\\d+) child started");
    }

    private static long pidIn(String startedLine) {
        return Long.parseLong(startedLine.replaceAll(".* pid=(\\d+) child started.*", "$1"));
    }

    /** The child generation {@code generation} started last (a rolled-back flip's number is used again). */
    private long childOf(long generation) throws IOException {
        List<String> hits = tail.matching(started(generation));
        if (hits.isEmpty()) {
            throw new IOException("no child of generation " + generation + " in " + log);
        }
        return pidIn(hits.get(hits.size() - 1));
    }

    /** Faults made by the config of the next generation (the others are done to processes). */
    private boolean isConfigFault() {
        return spec.fault() == Fault.EXIT_AT_START || spec.fault() == Fault.NEVER_HEALTHY
                || spec.fault() == Fault.CRASH_AFTER_ACCEPT || spec.fault() == Fault.PROBATION_ROLLBACK;
    }

    private static final Pattern REEXEC_ENDED = Pattern.compile("flip ended: the old baton has exited");
    private static final Pattern FAILED = Pattern.compile("flip failed");

    private int count(Pattern p) throws IOException {
        return tail.matching(p).size();
    }

    private String awaitLog(String regex, int n, int seconds) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<String> hits = tail.matching(p);
            if (hits.size() >= n) {
                return hits.get(n - 1);
            }
            Thread.sleep(20);
        }
        throw new IOException("timed out waiting for /" + regex + "/ in " + log);
    }

    /**
     * Waits for the flip to generation {@code generation}, asked of baton {@code target}, to end;
     * true if it completed, false if it failed. It completed once the old generation's child is
     * stopped and, if a new baton took over (the pidfile no longer names {@code target}), once that
     * new baton saw the old one exit. This holds in every upgrade mode: the kind of flip is
     * observed, not assumed.
     */
    private boolean waitForFlipEnd(long generation, long target, int endedBefore, int failedBefore, int seconds)
            throws IOException, InterruptedException {
        Pattern oldStopped = Pattern.compile("generation=" + (generation - 1) + " pid=\\d+ stopped: child");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (count(FAILED) > failedBefore) {
                return false;
            }
            if (!tail.matching(oldStopped).isEmpty()) {
                boolean inPlace = batonPid() == target;
                if (inPlace || count(REEXEC_ENDED) > endedBefore) {
                    return true;
                }
            }
            if (!batonInCharge()) {
                throw new IOException("baton exited during a flip; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IOException("a flip did not end within " + seconds + " s; see " + log);
    }

    private boolean batonInCharge() {
        return Procs.alive(batonPid());
    }

    private long batonPid() {
        try {
            return Long.parseLong(Files.readString(pidfile).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private void stopBatonQuietly(Process first) {
        try {
            stopBaton(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopBaton(Process first) throws InterruptedException {
        try {
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            Procs.kill(pid, "TERM");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException | NumberFormatException e) {
            first.destroy();
        }
        first.waitFor(30, TimeUnit.SECONDS);
    }
}
