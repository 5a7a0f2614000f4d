package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Samples a run every 100 ms. The flipper in charge (from its pidfile): RSS, CPU time, open fds.
 * And the <em>supervisor processes</em> together: the processes of the run (they carry the run's
 * BENCH_TAG) that run the supervisor's program: every baton JVM alive (two during a re-exec
 * flip), or start_server's perl. Not the app, nor the wrappers that exec it. Their summed RSS at
 * its peak, and their CPU time, each process counted up to its last sample (up to one period of
 * an exited process's last moments is missed).
 */
final class Sampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;
    private static final long TICKS = 100; // USER_HZ on Linux
    /** An untagged pid is looked at again after this long (pids are reused only after a wrap). */
    private static final long STRANGER_NANOS = 10_000_000_000L;
    private final Path pidfile;
    private final String tag;
    private final String program;
    private final boolean forksWorkers;
    private final Thread thread;
    private final Map<Long, Double> cpuByPid = new HashMap<>();
    private final Map<Long, Double> supervisorCpu = new HashMap<>();
    private final Map<Long, Long> strangers = new HashMap<>();
    private volatile boolean stop;
    private long peakRssKb;
    private long peakSupervisorsKb;

    /**
     * {@code program}: how the supervisor's executable is named ("java", "perl"; a prefix of its file
     * name). {@code forksWorkers}: the supervisor forks each child and the fork then execs the app
     * (start_server), so a process of {@code program} whose parent is one too is a worker about to
     * exec, not a supervisor. (A new baton's parent is the old baton, with the same program and
     * command line: baton spawns, it never forks without exec.)
     */
    Sampler(Path pidfile, String tag, String program, boolean forksWorkers) {
        this.pidfile = pidfile;
        this.tag = tag;
        this.program = program;
        this.forksWorkers = forksWorkers;
        thread = new Thread(this::loop, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            sample();
            try {
                Thread.sleep(PERIOD_MILLIS); // a sampling period, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes one sample now; returns the supervisor processes' summed RSS in MB. */
    synchronized double sample() {
        OptionalLong pid = inCharge();
        if (pid.isPresent()) {
            peakRssKb = Math.max(peakRssKb, rssKb(pid.getAsLong()));
            double cpu = cpuSeconds(pid.getAsLong());
            if (cpu >= 0) {
                cpuByPid.put(pid.getAsLong(), cpu);
            }
        }
        long sum = 0;
        for (long p : supervisors()) {
            sum += rssKb(p);
            double cpu = cpuSeconds(p);
            if (cpu >= 0) {
                supervisorCpu.put(p, cpu);
            }
        }
        peakSupervisorsKb = Math.max(peakSupervisorsKb, sum);
        return sum / 1024.0;
    }

    /** The run's processes that run {@link #program}, but not a supervisor's fork that has yet to exec the app. */
    private Set<Long> supervisors() {
        Set<Long> tagged = new HashSet<>();
        long now = System.nanoTime();
        strangers.values().removeIf(seen -> now - seen > STRANGER_NANOS);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (strangers.containsKey(pid) || pid == ProcessHandle.current().pid()) {
                    continue;
                }
                if (Procs.carriesTag(pid, tag)) {
                    tagged.add(pid);
                } else {
                    strangers.put(pid, now);
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        Set<Long> out = new HashSet<>();
        for (long pid : tagged) {
            if (!Procs.program(pid).startsWith(program)) {
                continue;
            }
            if (forksWorkers) {
                long parent = parent(pid);
                if (tagged.contains(parent) && Procs.program(parent).startsWith(program)) {
                    continue; // forked, not yet exec'd: start_server's next worker, a moment before it is the app
                }
            }
            out.add(pid);
        }
        return out;
    }

    private static long parent(long pid) {
        return Procs.stat(pid).map(s -> Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[1]))
                .orElse(-1L);
    }

    OptionalLong inCharge() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidfile).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static long rssKb(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            for (String l : lines) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }

    static double cpuSeconds(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static int fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    synchronized double peakRssMb() {
        return peakRssKb / 1024.0;
    }

    /** The peak of the supervisor processes' summed RSS (both batons at a re-exec flip's overlap). */
    synchronized double peakSupervisorsMb() {
        return peakSupervisorsKb / 1024.0;
    }

    /** CPU seconds of every baton seen in charge, each counted up to its last sample. */
    synchronized double cpuSeconds() {
        return cpuByPid.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds of every supervisor process seen so far, each counted up to its last sample. */
    synchronized double supervisorCpuSeconds() {
        return supervisorCpu.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
