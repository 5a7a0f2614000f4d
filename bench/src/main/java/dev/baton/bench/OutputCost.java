package dev.baton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What {@code output.mode: pipe} costs baton: a child writes MB of ~100-byte lines as fast as it
 * can, through baton (pipe) or straight to baton's stdout (inherit, the baseline); this JVM reads
 * baton's stdout from a pipe and discards it. Printed per run: baton's CPU seconds (utime + stime
 * of /proc/PID/stat) while the child wrote, per MB of child output, the child's throughput, and
 * baton's VmRSS and VmHWM (peak) from /proc/PID/status afterwards.
 *
 * <pre>java -cp bench/target/classes dev.baton.bench.OutputCost [--baton HOME] [--mb 200] [--runs 3]</pre>
 */
public final class OutputCost {
    private static final byte[] END = "END-OF-OUTPUT".getBytes(StandardCharsets.US_ASCII);

    /** Writes MB of numbered lines in 64 KiB writes once the go file exists, then END, then waits for TERM. */
    private static final String WRITER = """
            import os, signal, sys, time
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            go, mb = sys.argv[1], int(sys.argv[2])
            while not os.path.exists(go):
                time.sleep(0.005)
            lines, size, i, total = [], 0, 0, mb * 1000000
            while total > 0:
                line = b"line %09d %s\\n" % (i, b"x" * (i % 171))
                lines.append(line)
                size += len(line)
                i += 1
                if size >= 65536:
                    data = b"".join(lines)
                    while data:
                        data = data[os.write(1, data):]
                    total -= size
                    lines, size = [], 0
            os.write(1, b"END-OF-OUTPUT\\n")
            while True:
                time.sleep(60)
            """;

    private OutputCost() {
    }

    record Run(String mode, double mb, double cpuSeconds, double seconds, long rssKb, long hwmKb) {
        double cpuPerMb() {
            return cpuSeconds / mb;
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of("launcher/target/baton");
        int mb = 200;
        int runs = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--baton" -> home = Path.of(args[i + 1]);
                case "--mb" -> mb = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: OutputCost [--baton HOME] [--mb N] [--runs N]");
            }
        }
        Path work = Files.createTempDirectory("baton-output-cost");
        Path writer = work.resolve("writer.py");
        Files.writeString(writer, WRITER);
        List<Run> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "baton output.mode cost: %d MB of ~100-byte lines per run, %d runs per mode, "
                + "%d cores, baton's stdout a pipe read by the bench%n", mb, runs, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %8s %10s %12s %9s %10s %10s%n", "mode", "run", "baton cpu", "cpu s/MB",
                "child MB/s", "VmRSS MB", "VmHWM MB");
        for (int r = 1; r <= runs; r++) {
            for (String mode : List.of("inherit", "pipe")) {
                Run run = run(home, work, writer, mode, mb, r);
                all.add(run);
                System.out.printf(Locale.ROOT, "%-8s %8d %9.2fs %12.5f %9.0f %10.1f %10.1f%n", mode, r, run.cpuSeconds(),
                        run.cpuPerMb(), run.mb() / run.seconds(), run.rssKb() / 1024.0, run.hwmKb() / 1024.0);
            }
        }
        for (String mode : List.of("inherit", "pipe")) {
            List<Run> of = all.stream().filter(x -> x.mode().equals(mode)).toList();
            System.out.printf(Locale.ROOT, "%-8s %8s %9.2fs %12.5f %9.0f %10.1f %10.1f%n", mode, "median",
                    median(of.stream().map(Run::cpuSeconds).toList()), median(of.stream().map(Run::cpuPerMb).toList()),
                    median(of.stream().map(x -> x.mb() / x.seconds()).toList()),
                    median(of.stream().map(x -> x.rssKb() / 1024.0).toList()),
                    median(of.stream().map(x -> x.hwmKb() / 1024.0).toList()));
        }
    }

    private static Run run(Path home, Path work, Path writer, String mode, int mb, int n) throws Exception {
        Path go = work.resolve("go-" + mode + "-" + n);
        Path ready = work.resolve("ready-" + mode + "-" + n);
        Path cfg = work.resolve(mode + "-" + n + ".yaml");
        Files.writeString(cfg, String.join("\n",
                "command: [sh, -c, \"touch " + ready + " && exec python3 " + writer + " " + go + " " + mb + "\"]",
                "output: {mode: " + mode + "}",
                "upgrade: {mode: inplace}",
                "healthcheck: {exec: {command: [test, -f, \"" + ready + "\"], interval: 20ms}}", ""));
        String tag = UUID.randomUUID().toString();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/baton").toString(), "run", "-c", cfg.toString())
                .redirectError(work.resolve(mode + "-" + n + ".log").toFile());
        pb.environment().put("BENCH_TAG", tag);
        Process baton = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(work.resolve(mode + "-" + n + ".log")).contains(" ready")) {
                if (System.nanoTime() > deadline || !baton.isAlive()) {
                    throw new IllegalStateException("baton did not get ready: " + Files.readString(work.resolve(mode + "-" + n + ".log")));
                }
                Thread.sleep(10); // polling a log file the bench does not control; not a synchronisation stand-in
            }
            double before = Sampler.cpuSeconds(baton.pid());
            long start = System.nanoTime();
            Files.createFile(go);
            long bytes = drainUntilEnd(baton.getInputStream());
            double seconds = (System.nanoTime() - start) / 1e9;
            double after = Sampler.cpuSeconds(baton.pid());
            long[] mem = memory(baton.pid());
            if (bytes < mb * 1_000_000L) {
                throw new IllegalStateException(mode + ": only " + bytes + " bytes arrived");
            }
            return new Run(mode, mb, after - before, seconds, mem[0], mem[1]);
        } finally {
            baton.destroy();
            if (!baton.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                baton.destroyForcibly();
            }
            Procs.leftovers(tag);
        }
    }

    /** Reads and discards baton's stdout until the END line; the bytes before it. */
    private static long drainUntilEnd(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        byte[] tail = new byte[0];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("baton's stdout ended before the END line");
            }
            total += n;
            byte[] window = new byte[tail.length + n];
            System.arraycopy(tail, 0, window, 0, tail.length);
            System.arraycopy(buf, 0, window, tail.length, n);
            if (Procs.indexOf(window, END) >= 0) {
                return total;
            }
            int keep = Math.min(window.length, END.length + 32);
            tail = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
        }
    }

    /** {VmRSS, VmHWM} in kB from /proc/PID/status. */
    static long[] memory(long pid) throws IOException {
        long[] m = new long[2];
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                m[0] = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                m[1] = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return m;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
