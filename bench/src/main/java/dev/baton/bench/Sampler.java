package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Samples the baton in charge (from its pidfile) every 200 ms: RSS, CPU time, open fds. */
final class Sampler implements AutoCloseable {
    private static final long TICKS = 100; // USER_HZ on Linux
    private final Path pidfile;
    private final Thread thread;
    private final Map<Long, Double> cpuByPid = new HashMap<>();
    private volatile boolean stop;
    private long peakRssKb;

    Sampler(Path pidfile) {
        this.pidfile = pidfile;
        thread = new Thread(this::loop, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            OptionalLong pid = inCharge();
            if (pid.isPresent()) {
                long rss = rssKb(pid.getAsLong());
                synchronized (this) {
                    peakRssKb = Math.max(peakRssKb, rss);
                    double cpu = cpuSeconds(pid.getAsLong());
                    if (cpu >= 0) {
                        cpuByPid.put(pid.getAsLong(), cpu);
                    }
                }
            }
            try {
                Thread.sleep(200); // a sampling period, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
        }
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
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
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

    /** CPU seconds of every baton seen in charge, each counted up to its last sample. */
    synchronized double cpuSeconds() {
        return cpuByPid.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
