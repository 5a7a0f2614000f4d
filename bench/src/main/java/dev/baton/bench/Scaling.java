package dev.baton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * How baton's cost grows with what it holds ({@code scripts/bench.sh --scaling}): the same flips
 * under the same load with 1, 10 and 100 listeners (baton holds every socket, the app accepts on
 * each, the load and the health check use the first), per upgrade mode. For each measure it says
 * whether the cost stays flat or grows linearly. Child output (10 MB/s through baton) needs a pipe
 * mode that baton does not have yet; the table says so instead of measuring something else.
 */
final class Scaling {
    static final String PREFIX = "scaling-";
    static final String PIPE_MODE = "10 MB/s of child output: not measured. baton has no pipe mode yet: the child"
            + " writes straight to the stdout and stderr it inherits, and baton never reads them.";

    private final Map<String, List<Report>> byMode;

    private Scaling(Map<String, List<Report>> byMode) {
        this.byMode = byMode;
    }

    static List<Scenario.Spec> plan(int flips, List<String> modes, List<Integer> counts) {
        List<Scenario.Spec> specs = new ArrayList<>();
        for (String mode : modes) {
            for (int n : counts) {
                specs.add(new Scenario.Spec(PREFIX + mode + "-" + n, Scenario.Mode.LISTENERS, "http", flips,
                        Scenario.Fault.NONE, Scenario.Flipper.BATON, mode.equals("default") ? null : mode, n));
            }
        }
        return specs;
    }

    static Scaling of(List<Report> reports) {
        Map<String, List<Report>> byMode = new LinkedHashMap<>();
        for (Report r : reports) {
            if (r.r.spec().name().startsWith(PREFIX)) {
                String mode = r.r.spec().configuredUpgradeMode() == null ? "default" : r.r.spec().configuredUpgradeMode();
                byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
            }
        }
        return new Scaling(byMode);
    }

    boolean isEmpty() {
        return byMode.isEmpty();
    }

    /** A measure, the noise below which a difference is "flat" (relative to the 1-listener value, or absolute). */
    private record Measure(String label, String unit, String format, double relativeNoise, double absoluteNoise,
            ToDoubleFunction<Report> value) {
        Measure {
            value = ran(value);
        }
    }

    private static double p50(Report r, ToLongFunction<Timeline> f) {
        return Stats.percentile(r.phase(f), 50);
    }

    /** A run that met a problem measured nothing, whatever its fields hold. */
    private static ToDoubleFunction<Report> ran(ToDoubleFunction<Report> f) {
        return r -> r.r.problem() != null ? -1 : f.applyAsDouble(r);
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("whole flip p50", "ms", "%.0f", 0.10, 20, r -> p50(r, Timeline::total)),
            new Measure("baton's share p50", "ms", "%.0f", 0.10, 20, r -> p50(r, Timeline::batonShare)),
            new Measure("SIGHUP->new child spawned p50", "ms", "%.0f", 0.10, 20, r -> p50(r, Timeline::hupToSpawned)),
            new Measure("app start-up p50", "ms", "%.0f", 0.10, 20, r -> p50(r, Timeline::appStartup)),
            new Measure("baton RSS idle", "MB", "%.1f", 0.05, 2, r -> r.r.idleRssMb()),
            new Measure("supervisor RSS peak", "MB", "%.1f", 0.05, 2, r -> r.r.supervision().peakMb()),
            new Measure("supervisor CPU per flip", "s", "%.3f", 0.15, 0.02,
                    r -> r.r.completed() == 0 ? -1 : r.r.supervision().flipCpuSeconds() / r.r.completed()));

    /**
     * "flat", "linear, +X per listener", or "not linear" for values at listener counts {@code n}
     * (ascending, the first is the baseline): flat when every value is within the noise of the
     * first; linear when the middle points lie within the noise of the straight line from the
     * first to the last.
     */
    static String verdict(List<Integer> n, List<Double> v, double relativeNoise, double absoluteNoise, String unit) {
        if (v.size() < 2 || v.stream().anyMatch(x -> x < 0)) {
            return "not measured";
        }
        double noise = Math.max(relativeNoise * v.get(0), absoluteNoise);
        if (v.stream().allMatch(x -> Math.abs(x - v.get(0)) <= noise)) {
            return "flat";
        }
        int last = v.size() - 1;
        double slope = (v.get(last) - v.get(0)) / (n.get(last) - n.get(0));
        for (int i = 1; i < last; i++) {
            double predicted = v.get(0) + slope * (n.get(i) - n.get(0));
            if (Math.abs(v.get(i) - predicted) > noise) {
                return "not linear";
            }
        }
        return String.format(Locale.ROOT, "linear, %+.3g %s per listener", slope, unit);
    }

    String table() {
        StringBuilder sb = new StringBuilder("\n== scaling: the same flips and load with more listeners"
                + " (flat: within the noise of the 1-listener value; linear: on the line from the first to the last)\n");
        for (Map.Entry<String, List<Report>> e : byMode.entrySet()) {
            List<Report> runs = e.getValue();
            List<Integer> n = runs.stream().map(r -> Math.max(1, r.r.spec().listeners())).toList();
            sb.append("  baton ").append(e.getKey()).append(" (").append(runs.get(0).flipKind()).append("), ")
                    .append(runs.get(0).r.completed()).append(" flips per count\n");
            sb.append(String.format(Locale.ROOT, "    %-32s", "listeners"));
            for (int c : n) {
                sb.append(String.format(Locale.ROOT, " %10d", c));
            }
            sb.append("   verdict\n");
            for (Measure m : MEASURES) {
                List<Double> v = runs.stream().map(r -> m.value.applyAsDouble(r)).toList();
                sb.append(String.format(Locale.ROOT, "    %-32s", m.label + " (" + m.unit + ")"));
                for (double x : v) {
                    sb.append(String.format(Locale.ROOT, " %10s", x < 0 ? "-" : String.format(Locale.ROOT, m.format, x)));
                }
                sb.append("   ").append(verdict(n, v, m.relativeNoise, m.absoluteNoise, m.unit)).append('\n');
            }
        }
        sb.append("  ").append(PIPE_MODE).append('\n');
        return sb.toString();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Report>> e : byMode.entrySet()) {
            List<Report> runs = e.getValue();
            List<Integer> n = runs.stream().map(r -> Math.max(1, r.r.spec().listeners())).toList();
            sb.append("\nbaton ").append(e.getKey()).append(" (").append(runs.get(0).flipKind()).append("), ")
                    .append(runs.get(0).r.completed()).append(" flips per count:\n\n| listeners |");
            for (int c : n) {
                sb.append(' ').append(c).append(" |");
            }
            sb.append(" cost |\n|---|").append("---|".repeat(n.size())).append("---|\n");
            for (Measure m : MEASURES) {
                List<Double> v = runs.stream().map(r -> m.value.applyAsDouble(r)).toList();
                sb.append("| ").append(m.label.replace("->", "→")).append(" (").append(m.unit).append(") |");
                for (double x : v) {
                    sb.append(' ').append(x < 0 ? "-" : String.format(Locale.ROOT, m.format, x)).append(" |");
                }
                sb.append(' ').append(verdict(n, v, m.relativeNoise, m.absoluteNoise, m.unit)).append(" |\n");
            }
        }
        return sb.append('\n').append(PIPE_MODE).append('\n').toString();
    }
}
