package dev.baton.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark: flips under load in each socket mode, the readiness kinds compared, and fault
 * runs. Prints a table and writes results.json and one PNG per run. {@code --peers} runs baton
 * beside Server::Starter instead ({@link Comparison}), {@code --scaling} baton with 1, 10 and 100
 * listeners ({@link Scaling}); both write their tables to peers.md too.
 *
 * <pre>scripts/bench.sh [--flips 100] [--modes listeners,reuseport,alternate] [--readiness-flips 20]
 *     [--fault-runs 5] [--out bench-out] [--only NAME,...]
 * scripts/bench.sh --peers [--scaling] [--flips 20] [--baton-modes default,inplace,reexec]
 *     [--starter-interval 1] [--scaling-flips 10] [--scaling-listeners 1,10,100]</pre>
 */
public final class Bench {
    private Bench() {
    }

    private static final String USAGE = "usage: scripts/bench.sh [--flips N] [--readiness-flips N] [--fault-runs N] "
            + "[--modes listeners,reuseport,alternate] [--out DIR] [--only NAME,...] [--baton HOME] [--examples DIR]\n"
            + "       scripts/bench.sh [--peers] [--scaling] [--flips N (20 with these)] "
            + "[--baton-modes default,inplace,reexec] [--starter-interval SECONDS (1)] [--scaling-flips N (10)] "
            + "[--scaling-listeners 1,10,100] [--out DIR] [--only NAME,...]\n"
            + "  --peers: Server::Starter and baton in each upgrade mode (\"default\": none written), the same app,\n"
            + "           load and flips; baton's figures as ratios to Server::Starter's, and the flip-time targets\n"
            + "  --scaling: baton in each mode with 1, 10 and 100 listeners: flat or linear\n"
            + "  with either, only those runs (not the socket modes, readiness kinds and faults)";

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int flips = 100;
        int readinessFlips = 20;
        int faultRuns = 5;
        String modes = "listeners,reuseport,alternate";
        Path out = Path.of("bench-out");
        Path home = Path.of("launcher/target/baton");
        Path examples = Path.of("examples");
        String only = null;
        boolean peers = false;
        boolean scaling = false;
        boolean flipsGiven = false;
        String batonModes = "default,inplace,reexec";
        int starterInterval = 1;
        int scalingFlips = 10;
        String scalingListeners = "1,10,100";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    return;
                }
                if (a.equals("--peers") || a.equals("--scaling")) {
                    peers |= a.equals("--peers");
                    scaling |= a.equals("--scaling");
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--flips" -> {
                        flips = count(a, v);
                        flipsGiven = true;
                    }
                    case "--baton-modes" -> batonModes = v;
                    case "--starter-interval" -> starterInterval = count(a, v);
                    case "--scaling-flips" -> scalingFlips = count(a, v);
                    case "--scaling-listeners" -> scalingListeners = v;
                    case "--readiness-flips" -> readinessFlips = count(a, v);
                    case "--fault-runs" -> faultRuns = count(a, v);
                    case "--modes" -> modes = v;
                    case "--out" -> out = Path.of(v);
                    case "--baton" -> home = Path.of(v);
                    case "--examples" -> examples = Path.of(v);
                    case "--only" -> only = v;
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            List<Scenario.Spec> specs;
            if (peers || scaling) {
                specs = new ArrayList<>();
                List<String> upgradeModes = upgradeModes(batonModes);
                if (peers) {
                    specs.addAll(Comparison.plan(flipsGiven ? flips : 20, upgradeModes, starterInterval));
                }
                if (scaling) {
                    specs.addAll(Scaling.plan(scalingFlips, upgradeModes, listenerCounts(scalingListeners)));
                }
            } else {
                specs = plan(flips, readinessFlips, faultRuns, modes);
            }
            if (only != null) {
                List<String> wanted = List.of(only.split(","));
                List<String> names = specs.stream().map(Scenario.Spec::name).toList();
                for (String name : wanted) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException("no run is named " + name + " (names: "
                                + String.join(", ", names) + ")");
                    }
                }
                specs = specs.stream().filter(s -> wanted.contains(s.name())).toList();
            }
            if (!Files.isExecutable(home.resolve("bin/baton"))) {
                throw new IllegalArgumentException("no baton at " + home + " (build it: mvn package, or use --baton)");
            }
            if (specs.stream().anyMatch(s -> s.flipper() == Scenario.Flipper.SERVER_STARTER) && !onPath(StarterScenario.PROGRAM)) {
                throw new IllegalArgumentException("--peers needs start_server: apt-get install libserver-starter-perl"
                        + " (scripts/bench.sh installs it)");
            }
            String loadBefore = loadAverage();
            if (peers || scaling) { // what it prints is kept beside peers.md, so one command makes the record
                Files.createDirectories(out);
                System.setOut(new PrintStream(new Tee(System.out,
                        Files.newOutputStream(out.resolve("output.txt"))), true, StandardCharsets.UTF_8));
            }
            List<Report> reports = run(specs, home.toAbsolutePath(), examples.toAbsolutePath(), out);
            if (peers || scaling) {
                summarize(reports, loadBefore, loadAverage(), out);
            }
            System.out.println("\nwrote " + out.resolve("results.json") + " and " + reports.size() + " plots in " + out);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + " (see scripts/bench.sh --help)");
            System.exit(64);
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    /** Prints the comparison and scaling tables and writes them, as Markdown, to peers.md. */
    private static void summarize(List<Report> reports, String loadBefore, String loadAfter, Path out)
            throws IOException {
        StringBuilder md = new StringBuilder("Load average (1, 5, 15 min) before: " + loadBefore + "; after: "
                + loadAfter + ". " + Runtime.getRuntime().availableProcessors() + " cores.\n");
        Optional<Comparison> comparison = Comparison.of(reports);
        if (comparison.isPresent()) {
            Comparison c = comparison.get();
            System.out.print(c.table());
            System.out.print(c.targetsTable());
            md.append("\n").append(c.markdown()).append("\n").append(c.targetsMarkdown());
            c.plot(out.resolve("peers.png"));
        }
        Scaling scaling = Scaling.of(reports);
        if (!scaling.isEmpty()) {
            System.out.print(scaling.table());
            md.append(scaling.markdown());
        }
        System.out.println("\n  load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
        Files.writeString(out.resolve("peers.md"), md.toString());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "-";
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** "default,inplace,reexec" → the list; a mode is written to the config as it is (baton judges it). */
    static List<String> upgradeModes(String list) {
        List<String> out = new ArrayList<>();
        for (String m : list.split(",")) {
            String mode = m.trim();
            if (!mode.matches("[a-z]+")) {
                throw new IllegalArgumentException("--baton-modes takes words like default,inplace,reexec,auto, not "
                        + list);
            }
            out.add(mode);
        }
        return out;
    }

    static List<Integer> listenerCounts(String list) {
        List<Integer> out = new ArrayList<>();
        for (String c : list.split(",")) {
            int n = count("--scaling-listeners", c.trim());
            if (n < 1 || (!out.isEmpty() && n <= out.get(out.size() - 1))) {
                throw new IllegalArgumentException("--scaling-listeners takes ascending counts of 1 or more, not " + list);
            }
            out.add(n);
        }
        return out;
    }

    private static int count(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " needs a count (0 or more), not " + value);
    }

    static List<Scenario.Spec> plan(int flips, int readinessFlips, int faultRuns, String modes) {
        List<Scenario.Spec> specs = new ArrayList<>();
        for (String m : modes.split(",")) {
            specs.add(new Scenario.Spec(m.trim(), mode(m), "http", flips, Scenario.Fault.NONE));
        }
        if (readinessFlips > 0) {
            for (String r : List.of("http", "exec", "notify")) {
                specs.add(new Scenario.Spec("readiness-" + r, Scenario.Mode.LISTENERS, r, readinessFlips,
                        Scenario.Fault.NONE));
            }
        }
        if (faultRuns > 0) {
            for (Scenario.Fault f : Scenario.Fault.values()) {
                String kind = "fault-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (f == Scenario.Fault.NONE) {
                    continue;
                }
                if (!f.inEveryMode()) {
                    specs.add(new Scenario.Spec(kind, Scenario.Mode.LISTENERS, "http", faultRuns, f));
                } else { // reported: what each way of sharing the port loses
                    for (String m : modes.split(",")) {
                        specs.add(new Scenario.Spec(kind + "-" + m.trim(), mode(m), "http", faultRuns, f));
                    }
                }
            }
        }
        return specs;
    }

    private static Scenario.Mode mode(String name) {
        try {
            return Scenario.Mode.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode " + name.trim() + " (modes: listeners, reuseport, alternate)");
        }
    }

    static List<Report> run(List<Scenario.Spec> specs, Path home, Path examples, Path out) throws Exception {
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("baton-bench-");
        List<Report> reports = new ArrayList<>();
        StringBuilder json = new StringBuilder("[\n");
        for (Scenario.Spec spec : specs) {
            Scenario.Result result = spec.flipper() == Scenario.Flipper.SERVER_STARTER
                    ? new StarterScenario(spec, examples, work).run(1800)
                    : new Scenario(spec, home, examples, work).run(1800);
            Report report = new Report(result);
            reports.add(report);
            System.out.print(report.table());
            System.out.flush();
            Plot.write(result, out.resolve("bench-" + spec.name() + ".png"));
            json.append(json.length() > 2 ? ",\n" : "").append(report.json());
            Files.writeString(out.resolve("results.json"), json + "\n]\n");
        }
        return reports;
    }
}
