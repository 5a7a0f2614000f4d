package dev.baton.bench;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One flip's phases, from the flipper's log lines (text format: an ISO instant first; for
 * start_server, the instant the bench read the line) and the load's samples. Times are epoch
 * milliseconds; a phase the flip didn't reach is -1. {@code inPlace}: the same supervisor process
 * started the new child and stopped the old one (baton's in-place flip, or start_server's only
 * kind), as opposed to a re-exec flip, where a new baton did.
 */
record Timeline(long generation, long hup, long newBatonMain, long childSpawned, long healthy, long firstResponse,
        long oldSignalled, long oldKilled, long oldGone, long failedAt, boolean inPlace) {
    private static final Pattern BATON_PID = Pattern.compile(" baton\\[(\\d+)] ");

    /** The flip whose SIGHUP was sent at {@code hupMillis}: only log lines from then on count. */
    static Timeline of(List<String> allLines, long generation, long hupMillis, List<LoadGen.Sample> samples) {
        List<String> log = allLines.stream().filter(l -> stamp(l) >= hupMillis).toList();
        long g = generation;
        // BATON_TRACE_START makes each baton JVM print "baton-trace main <epoch ns>" on entering main
        long main = allLines.stream().filter(l -> l.startsWith("baton-trace main "))
                .mapToLong(l -> Long.parseLong(l.substring(17).trim()) / 1_000_000).filter(t -> t >= hupMillis)
                .min().orElse(-1);
        Optional<String> started = line(log, "generation=" + g + " pid=(\\d+) child started");
        long spawned = started.map(Timeline::stamp).orElse(-1L);
        long childPid = started.map(l -> Long.parseLong(l.replaceAll(".*generation=" + g + " pid=(\\d+) child started.*",
                "$1"))).orElse(-1L);
        // "ready" (a first start, or a new baton's child); an in-place flip's candidate logs only its check passing
        long healthy = time(log, "generation=" + g + " pid=\\d+ ready$");
        if (healthy < 0) {
            healthy = time(log, "generation=" + g + " pid=\\d+ .*check passed");
        }
        long first = firstAnswer(samples, childPid, hupMillis);
        // re-exec: the old baton logs "new baton pid N (generation G, ..."; in place: "generation G took over"
        long signalled = time(log, "flip completed: (new baton pid \\d+ \\(generation " + g + ",|generation " + g
                + " took over)");
        // the old child still running shutdown.timeout after SIGTERM: baton SIGKILLs its group
        long killed = time(log, "generation=" + (g - 1) + " pid=\\d+ process group still running .*sending SIGKILL");
        Optional<String> stopped = line(log, "generation=" + (g - 1) + " pid=\\d+ stopped: child");
        long gone = stopped.map(Timeline::stamp).orElse(-1L);
        // in place, the candidate's pid is in the line once its child started
        long failedAt = time(log, "generation=" + g + " (pid=\\d+ )?flip failed");
        boolean inPlace = started.isPresent() && stopped.isPresent()
                && batonPid(started.get()).equals(batonPid(stopped.get()));
        return new Timeline(g, hupMillis, main, spawned, healthy, first, signalled, killed, gone, failedAt, inPlace);
    }

    /**
     * The flip of start_server whose SIGHUP was sent at {@code hupMillis}, from its stderr lines as
     * the bench stamped them: "starting new worker N" (spawned), "new worker is now running" (its
     * --interval is over and it is still alive: start_server's readiness), "killing old workers"
     * (the old one signalled), "old worker M died" (gone).
     */
    static Timeline ofServerStarter(List<String> allLines, long generation, long hupMillis,
            List<LoadGen.Sample> samples) {
        List<String> log = allLines.stream().filter(l -> stamp(l) >= hupMillis).toList();
        Optional<String> started = line(log, "starting new worker \\d+$");
        long spawned = started.map(Timeline::stamp).orElse(-1L);
        long childPid = started.map(l -> Long.parseLong(l.replaceAll(".*starting new worker (\\d+)$", "$1")))
                .orElse(-1L);
        long healthy = time(log, "new worker is now running");
        long signalled = time(log, "killing old workers$");
        long gone = time(log, "old worker \\d+ died");
        return new Timeline(generation, hupMillis, -1, spawned, healthy, firstAnswer(samples, childPid, hupMillis),
                signalled, -1, gone, -1, true);
    }

    private static long firstAnswer(List<LoadGen.Sample> samples, long childPid, long hupMillis) {
        if (childPid <= 0) {
            return -1;
        }
        return samples.stream().filter(s -> s.pid() == childPid && s.startMillis() >= hupMillis)
                .mapToLong(s -> s.startMillis() + s.micros() / 1000).min().orElse(-1);
    }

    private static String batonPid(String line) {
        Matcher m = BATON_PID.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static Optional<String> line(List<String> log, String regex) {
        Pattern p = Pattern.compile(regex);
        return log.stream().filter(l -> p.matcher(l).find()).findFirst();
    }

    private static long time(List<String> log, String regex) {
        return line(log, regex).map(Timeline::stamp).orElse(-1L);
    }

    static long stamp(String line) {
        Matcher m = Pattern.compile("^(\\S+Z) ").matcher(line);
        return m.find() ? Instant.parse(m.group(1)).toEpochMilli() : -1;
    }

    private static long between(long a, long b) {
        return a < 0 || b < 0 ? -1 : b - a;
    }

    long toMain() {
        return between(hup, newBatonMain);
    }

    long toSpawned() {
        return between(newBatonMain, childSpawned);
    }

    /** The app's own start-up: spawned to healthy. */
    long appStartup() {
        return between(childSpawned, healthy);
    }

    boolean failed() {
        return failedAt >= 0;
    }

    /** baton had to SIGKILL the old child: it did not exit within shutdown.timeout of its SIGTERM. */
    boolean oldChildKilled() {
        return oldKilled >= 0;
    }

    /**
     * Child spawned to the first response the load got from it. On a shared socket the new child
     * serves as soon as it accepts, which can be before its health check has passed.
     */
    long toFirstResponse() {
        return between(childSpawned, firstResponse);
    }

    /** A failed flip: SIGHUP to the old baton's "flip failed" (the old generation never stopped serving). */
    long toRollback() {
        return between(hup, failedAt);
    }

    long toSignalled() {
        return between(healthy, oldSignalled);
    }

    /** SIGHUP to the new child spawned (through a new baton's start-up, at a re-exec flip). */
    long hupToSpawned() {
        return between(hup, childSpawned);
    }

    /** SIGHUP to the old child signalled: everything before the old child's drain. */
    long hupToSignalled() {
        return between(hup, oldSignalled);
    }

    /** The app's own drain: old child signalled to its group gone. */
    long appDrain() {
        return between(oldSignalled, oldGone);
    }

    long total() {
        return between(hup, oldGone);
    }

    /** baton's share: the whole flip minus the app's start-up and drain. */
    long batonShare() {
        long t = total();
        long s = appStartup();
        long d = appDrain();
        return t < 0 || s < 0 || d < 0 ? -1 : t - s - d;
    }
}
