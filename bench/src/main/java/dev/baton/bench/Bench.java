package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark: flips under load in each socket mode, the readiness kinds compared, and fault
 * runs. Prints a table and writes results.json and one PNG per run.
 *
 * <pre>scripts/bench.sh [--flips 100] [--modes listeners,reuseport,alternate] [--readiness-flips 20]
 *     [--fault-runs 5] [--out bench-out] [--only NAME,...]</pre>
 */
public final class Bench {
    private Bench() {
    }

    private static final String USAGE = "usage: scripts/bench.sh [--flips N] [--readiness-flips N] [--fault-runs N] "
            + "[--modes listeners,reuseport,alternate] [--out DIR] [--only NAME,...] [--baton HOME] [--examples DIR]";

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
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--flips" -> flips = count(a, v);
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
            List<Scenario.Spec> specs = plan(flips, readinessFlips, faultRuns, modes);
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
            List<Report> reports = run(specs, home.toAbsolutePath(), examples.toAbsolutePath(), out);
            System.out.println("\nwrote " + out.resolve("results.json") + " and " + reports.size() + " plots in " + out);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + " (see scripts/bench.sh --help)");
            System.exit(64);
        }
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
                if (f.heldToZero()) {
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
            Scenario.Result result = new Scenario(spec, home, examples, work).run(1800);
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
