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
 *     [--fault-runs 5] [--out bench-out] [--only NAME]</pre>
 */
public final class Bench {
    private Bench() {
    }

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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flips" -> flips = Integer.parseInt(args[++i]);
                case "--readiness-flips" -> readinessFlips = Integer.parseInt(args[++i]);
                case "--fault-runs" -> faultRuns = Integer.parseInt(args[++i]);
                case "--modes" -> modes = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--baton" -> home = Path.of(args[++i]);
                case "--examples" -> examples = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("bench: unknown argument " + args[i]);
                    System.exit(64);
                }
            }
        }
        List<Scenario.Spec> specs = plan(flips, readinessFlips, faultRuns, modes);
        if (only != null) {
            String name = only;
            specs = specs.stream().filter(s -> s.name().equals(name)).toList();
        }
        List<Report> reports = run(specs, home.toAbsolutePath(), examples.toAbsolutePath(), out);
        System.out.println("\nwrote " + out.resolve("results.json") + " and " + reports.size() + " plots in " + out);
    }

    static List<Scenario.Spec> plan(int flips, int readinessFlips, int faultRuns, String modes) {
        List<Scenario.Spec> specs = new ArrayList<>();
        for (String m : modes.split(",")) {
            Scenario.Mode mode = Scenario.Mode.valueOf(m.trim().toUpperCase(Locale.ROOT));
            specs.add(new Scenario.Spec(m.trim(), mode, "http", flips, Scenario.Fault.NONE));
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
                        specs.add(new Scenario.Spec(kind + "-" + m.trim(),
                                Scenario.Mode.valueOf(m.trim().toUpperCase(Locale.ROOT)), "http", faultRuns, f));
                    }
                }
            }
        }
        return specs;
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
