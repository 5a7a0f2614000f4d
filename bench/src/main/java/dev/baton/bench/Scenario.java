package dev.baton.bench;

import java.io.IOException;
import java.net.ServerSocket;
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

/** One benchmark run: baton around the demo app in one socket mode, under load, through N flips. */
final class Scenario {
    enum Mode { LISTENERS, REUSEPORT, ALTERNATE }

    enum Fault {
        NONE, EXIT_AT_START, NEVER_HEALTHY, KILL_NEW_BATON, CRASH_AFTER_ACCEPT, IGNORE_TERM;

        /** The faults that must cost no request; the others are measured and reported. */
        boolean heldToZero() {
            return this == EXIT_AT_START || this == NEVER_HEALTHY || this == KILL_NEW_BATON;
        }
    }

    /** What to run: {@code flips} flips; with a fault, {@code flips} faulty attempts, each followed by a good flip. */
    record Spec(String name, Mode mode, String readiness, int flips, Fault fault) {
    }

    record Result(Spec spec, List<LoadGen.Sample> samples, List<Timeline> flips, int completed, int failed,
            long loadStart, long restEnd, long loadEnd, double idleRssMb, double peakRssMb, double rssAt10Mb,
            double rssEndMb, double cpuSeconds, int fdsBefore, int fdsAt10, int fdsAfter, int leftovers,
            String problem, List<LoadGen.Failure> failures) {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
                listeners = "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]\n";
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
                + "upgrade: {timeout: " + timeout + ", start_allowance: 30s}\n"
                + "shutdown: {timeout: " + (spec.fault() == Fault.IGNORE_TERM ? "2s" : "15s") + "}\n"
                + "healthcheck: " + check + "\n";
    }

    Result run(long loadLimitSeconds) throws IOException, InterruptedException {
        port = freePort();
        alt1 = freePort();
        alt2 = freePort();
        int loadPort = port;
        Files.writeString(config, configText(false));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BENCH_TAG", tag);
        env.put("BATON_TRACE_START", "1");
        Nginx nginx = null;
        if (spec.mode() == Mode.ALTERNATE) {
            loadPort = freePort();
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
        List<Long> hups = new ArrayList<>();
        try {
            awaitLog(" ready$", 1, 90);
            awaitServing(loadPort);
            sampler = new Sampler(pidfile);
            loadStart = System.currentTimeMillis();
            load = new LoadGen(loadPort, 2, 5000, loadLimitSeconds);
            Thread.sleep(3000); // the at-rest period the flips are compared against
            restEnd = System.currentTimeMillis();
            long first = sampler.inCharge().orElse(-1);
            idleRss = Sampler.rssKb(first) / 1024.0;
            fdsBefore = Sampler.fds(first);
            // a fault that fails the flip alternates with good flips; IGNORE_TERM is in every flip
            boolean alternating = spec.fault() != Fault.NONE && spec.fault() != Fault.IGNORE_TERM;
            int attempts = alternating ? spec.flips() * 2 : spec.flips();
            for (int i = 1; i <= attempts; i++) {
                boolean faulty = alternating && i % 2 == 1;
                Files.writeString(config, configText(faulty && isConfigFault()));
                long generation = completed + 2;
                long hup = System.currentTimeMillis();
                hups.add(hup);
                long target = sampler.inCharge().orElseThrow();
                kill(target, "HUP");
                if (faulty && spec.fault() == Fault.KILL_NEW_BATON) {
                    String line = awaitLog("generation=" + generation + " baton \\S+ starting as the new baton", 1, 60);
                    kill(Long.parseLong(line.replaceAll(".*baton\\[(\\d+)].*", "$1")), "KILL");
                }
                int endedBefore = completed;
                int failedBefore = failed;
                waitForFlipEnd(endedBefore + 1, failedBefore + 1, 120);
                if (count("flip ended: the old baton has exited") > endedBefore) {
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
        int leftovers = leftovers();
        return new Result(spec, samples, flips, completed, failed, loadStart, restEnd, loadEnd, idleRss,
                sampler == null ? 0 : sampler.peakRssMb(), rssAt10, rssEnd,
                sampler == null ? 0 : sampler.cpuSeconds(), fdsBefore, fdsAt10, fdsAfter, leftovers, problem,
                load == null ? List.of() : load.failures());
    }

    /** Faults made by the config of the next generation (the others are done to processes). */
    private boolean isConfigFault() {
        return spec.fault() == Fault.EXIT_AT_START || spec.fault() == Fault.NEVER_HEALTHY
                || spec.fault() == Fault.CRASH_AFTER_ACCEPT;
    }

    private void awaitServing(int loadPort) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", loadPort)) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (LoadGen.Response.read(s.getInputStream()).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IOException("nothing serves on port " + loadPort);
    }

    private int count(String regex) throws IOException {
        return tail.matching(Pattern.compile(regex)).size();
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

    private void waitForFlipEnd(int ended, int failedCount, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (count("flip ended: the old baton has exited") >= ended || count("flip failed") >= failedCount) {
                return;
            }
            if (!batonInCharge()) {
                throw new IOException("baton exited during a flip; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IOException("a flip did not end within " + seconds + " s; see " + log);
    }

    private boolean batonInCharge() {
        try {
            return Files.exists(Path.of("/proc/" + Long.parseLong(Files.readString(pidfile).trim())));
        } catch (IOException | NumberFormatException e) {
            return false;
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
            kill(pid, "TERM");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException | NumberFormatException e) {
            first.destroy();
        }
        first.waitFor(30, TimeUnit.SECONDS);
    }

    /** Processes of this run (they carry BENCH_TAG) still there 10 s after baton stopped; killed if any. */
    private int leftovers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Long> left = tagged();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = tagged();
        }
        for (long pid : left) {
            kill(pid, "KILL");
        }
        return left.size();
    }

    private List<Long> tagged() {
        List<Long> out = new ArrayList<>();
        byte[] needle = ("BENCH_TAG=" + tag).getBytes(StandardCharsets.UTF_8);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == ProcessHandle.current().pid()) {
                    continue;
                }
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    String stat = Files.readString(p.resolve("stat"));
                    if (indexOf(env, needle) >= 0 && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z') {
                        out.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void kill(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
