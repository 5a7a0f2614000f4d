package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One run of Server::Starter (Debian's libserver-starter-perl, {@code start_server}) around the
 * same demo app as baton's runs, on the same kind of socket (start_server binds it and hands it
 * down in SERVER_STARTER_PORT, as baton's listeners mode does with LISTEN_FDS), under the same
 * load, with the same rest period, flips and gaps. A flip is a SIGHUP to start_server.
 *
 * <p>How start_server is set up, and why:
 * <ul>
 * <li>{@code --interval=N} (the spec's readiness, "interval=N"): start_server's only readiness. It
 * forks the new worker, sleeps N whole seconds (an integer option), and takes the worker as ready
 * if it is still alive. It cannot poll the app the way baton's http check does every 20 ms. 1 s,
 * its default, is the shortest wait that lets the app start at all (it needs ~0.1-0.5 s); with 0
 * the old worker is stopped before the new one listens, and requests queue on the socket meanwhile.
 * <li>{@code --kill-old-delay=0} (its default without auto-restart) and {@code --signal-on-hup=TERM}
 * (its default): the old worker gets SIGTERM as soon as the new one is taken as ready, as baton
 * does with no {@code shutdown.delay}.
 * <li>{@code --backlog=1024}: baton's listener backlog, so both queue the same.
 * </ul>
 * start_server's stderr lines carry no time: the bench stamps each line as it reads it from the
 * pipe (start_server writes them unbuffered), which {@link Timeline#ofServerStarter} reads.
 */
final class StarterScenario {
    static final String PROGRAM = "start_server";
    private static final Pattern OLD_DIED = Pattern.compile("old worker \\d+ died");
    private final Scenario.Spec spec;
    private final Path examples;
    private final Path dir;
    private final String tag = UUID.randomUUID().toString();
    private final Path pidfile;
    private final Path log;

    StarterScenario(Scenario.Spec spec, Path examples, Path work) throws IOException {
        this.spec = spec;
        this.examples = examples;
        this.dir = Files.createDirectories(work.resolve(spec.name()));
        this.pidfile = dir.resolve("start_server.pid");
        this.log = dir.resolve("start_server.log");
    }

    /** "interval=N" → N. */
    static int interval(String readiness) {
        return Integer.parseInt(readiness.substring(readiness.indexOf('=') + 1));
    }

    static String readiness(int interval) {
        return "interval=" + interval;
    }

    Scenario.Result run(long loadLimitSeconds) throws IOException, InterruptedException {
        int port = Procs.freePort();
        List<String> command = List.of(PROGRAM, "--port=127.0.0.1:" + port, "--pid-file=" + pidfile,
                "--status-file=" + dir.resolve("start_server.status"), "--interval=" + interval(spec.readiness()),
                "--kill-old-delay=0", "--signal-on-hup=TERM", "--signal-on-term=TERM", "--backlog=1024", "--",
                "python3", examples.resolve("listeners/python/app.py").toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("app.log").toFile());
        pb.environment().put("BENCH_TAG", tag);
        Process starter = pb.start();
        StampedLines lines = new StampedLines(starter.getErrorStream(), log);
        Thread cleanup = new Thread(() -> stop(starter), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String problem = null;
        int completed = 0;
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
        try {
            Procs.awaitServing(port);
            sampler = new Sampler(pidfile, tag, "perl", true);
            long pid = awaitPidfile(sampler);
            loadStart = System.currentTimeMillis();
            load = new LoadGen(port, 2, 5000, loadLimitSeconds);
            Thread.sleep(3000); // the at-rest period, as in baton's runs
            restEnd = System.currentTimeMillis();
            idleRss = Sampler.rssKb(pid) / 1024.0;
            fdsBefore = Sampler.fds(pid);
            supervisorsIdle = sampler.sample();
            double cpuBefore = sampler.supervisorCpuSeconds();
            for (int i = 1; i <= spec.flips(); i++) {
                int diedBefore = lines.count(OLD_DIED);
                hups.add(System.currentTimeMillis());
                Procs.kill(pid, "HUP");
                awaitOldWorkerDied(lines, diedBefore, pid, 120);
                completed++;
                if (completed == 10) {
                    fdsAt10 = Sampler.fds(pid);
                    rssAt10 = Sampler.rssKb(pid) / 1024.0;
                }
                Thread.sleep(300); // the same gap between flips as baton's runs
            }
            Thread.sleep(2000);
            fdsAfter = Sampler.fds(pid);
            rssEnd = Sampler.rssKb(pid) / 1024.0;
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
            stop(starter);
            lines.join();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        long loadEnd = System.currentTimeMillis();
        List<LoadGen.Sample> samples = load == null ? List.of() : load.samples();
        List<String> all = lines.all();
        List<Timeline> flips = new ArrayList<>();
        for (int i = 0; i < hups.size(); i++) {
            flips.add(Timeline.ofServerStarter(all, i + 2, hups.get(i), samples));
        }
        int leftovers = Procs.leftovers(tag);
        Scenario.Supervision supervision = sampler == null ? Scenario.Supervision.NONE
                : new Scenario.Supervision(supervisorsIdle, sampler.peakSupervisorsMb(), flipCpu);
        return new Scenario.Result(spec, samples, flips, completed, 0, loadStart, restEnd, loadEnd, idleRss,
                sampler == null ? 0 : sampler.peakRssMb(), rssAt10, rssEnd,
                sampler == null ? 0 : sampler.cpuSeconds(), fdsBefore, fdsAt10, fdsAfter, leftovers, problem,
                load == null ? List.of() : load.failures(), supervision);
    }

    private long awaitPidfile(Sampler sampler) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (sampler.inCharge().isPresent() && Procs.alive(sampler.inCharge().getAsLong())) {
                return sampler.inCharge().getAsLong();
            }
            Thread.sleep(20);
        }
        throw new IOException("start_server wrote no pid to " + pidfile + "; see " + log);
    }

    private void awaitOldWorkerDied(StampedLines lines, int before, long pid, int seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (lines.count(OLD_DIED) > before) {
                return;
            }
            if (!Procs.alive(pid)) {
                throw new IOException("start_server exited during a flip; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IOException("a flip did not end within " + seconds + " s; see " + log);
    }

    /** SIGTERM to start_server (it sends TERM to its worker and waits for it), then wait for it. */
    private static void stop(Process starter) {
        if (!starter.isAlive()) {
            return;
        }
        Procs.kill(starter.pid(), "TERM");
        try {
            if (!starter.waitFor(30, TimeUnit.SECONDS)) {
                starter.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A stream's lines, each prefixed with the instant it was read, kept and written to a file. */
    static final class StampedLines {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        StampedLines(InputStream in, Path file) {
            reader = new Thread(() -> copy(in, file), "stamp-" + file.getFileName());
            reader.setDaemon(true);
            reader.start();
        }

        private void copy(InputStream in, Path file) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String stamped = Instant.now() + " " + line;
                    synchronized (this) {
                        lines.add(stamped);
                    }
                    w.write(stamped + "\n");
                    w.flush();
                }
            } catch (IOException e) {
                // the stream closed: start_server is gone
            }
        }

        synchronized int count(Pattern p) {
            return (int) lines.stream().filter(l -> p.matcher(l).find()).count();
        }

        synchronized List<String> all() {
            return new ArrayList<>(lines);
        }

        void join() throws InterruptedException {
            reader.join(10_000);
        }
    }
}
