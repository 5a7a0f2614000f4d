package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * baton beside its peers ({@code scripts/bench.sh --peers}): one run of Server::Starter and one
 * of baton per upgrade mode, the same app, socket, load and flips, and baton's figures as ratios
 * to the peer's from the same invocation. Then issue 14's flip-time targets: measured, target,
 * pass or fail (reported, never asserted).
 */
final class Comparison {
    static final String PREFIX = "peers-";
    /** The targets. */
    static final long STARTUP_ALLOWANCE_MS = 60;
    static final double OF_PEER = 0.7;
    static final long REEXEC_SPAWN_MS = 200;

    private final Report peer;
    private final List<Report> batons;

    private Comparison(Report peer, List<Report> batons) {
        this.peer = peer;
        this.batons = batons;
    }

    /** The peers plan: Server::Starter, then baton in each mode ("default": no upgrade.mode written). */
    static List<Scenario.Spec> plan(int flips, List<String> modes, int starterInterval) {
        List<Scenario.Spec> specs = new ArrayList<>();
        specs.add(new Scenario.Spec(PREFIX + "server-starter", Scenario.Mode.LISTENERS,
                StarterScenario.readiness(starterInterval), flips, Scenario.Fault.NONE, Scenario.Flipper.SERVER_STARTER,
                null, 1));
        for (String mode : modes) {
            specs.add(new Scenario.Spec(PREFIX + "baton-" + mode, Scenario.Mode.LISTENERS, "http", flips,
                    Scenario.Fault.NONE, Scenario.Flipper.BATON, mode.equals("default") ? null : mode, 1));
        }
        return specs;
    }

    /** The comparison of the peers runs among {@code reports}; empty if the peer's run is not among them. */
    static Optional<Comparison> of(List<Report> reports) {
        Report peer = null;
        List<Report> batons = new ArrayList<>();
        for (Report r : reports) {
            if (!r.r.spec().name().startsWith(PREFIX)) {
                continue;
            }
            if (r.r.spec().flipper() == Scenario.Flipper.SERVER_STARTER) {
                peer = r;
            } else {
                batons.add(r);
            }
        }
        return peer == null ? Optional.empty() : Optional.of(new Comparison(peer, batons));
    }

    private List<Report> all() {
        List<Report> all = new ArrayList<>(List.of(peer));
        all.addAll(batons);
        return all;
    }

    private static String mode(Report r) {
        return r.r.spec().configuredUpgradeMode() == null ? "default" : r.r.spec().configuredUpgradeMode();
    }

    private static double p50(Report r, ToLongFunction<Timeline> f) {
        return Stats.percentile(r.phase(f), 50);
    }

    private static double p99(Report r, ToLongFunction<Timeline> f) {
        return Stats.percentile(r.phase(f), 99);
    }

    /**
     * One row: a measure, its unit and format, how to read it from a run, and the smallest step it
     * can be read in (0: any), so that a peer's 0 reads as "below one step".
     */
    private record Row(String label, String format, String unit, ToDoubleFunction<Report> value, double step) {
        Row(String label, String format, String unit, ToDoubleFunction<Report> value) {
            this(label, format, unit, value, 0);
        }

        /** baton's value over the peer's: "0.67x"; ">18x" when the peer's is below one step. */
        String ratio(double baton, double peer) {
            if (step > 0 && peer >= 0 && peer < step && baton >= step) {
                return String.format(Locale.ROOT, ">%.0fx", baton / step);
            }
            return Comparison.ratio(baton, peer);
        }
    }

    private List<Row> rows() {
        return List.of(
                new Row("SIGHUP -> old child gone, p50", "%.0f", "ms", r -> p50(r, Timeline::total)),
                new Row("SIGHUP -> old child gone, p99", "%.0f", "ms", r -> p99(r, Timeline::total)),
                new Row("SIGHUP -> new child spawned, p50", "%.0f", "ms", r -> p50(r, Timeline::hupToSpawned)),
                new Row("SIGHUP -> old child signalled, p50", "%.0f", "ms", r -> p50(r, Timeline::hupToSignalled)),
                new Row("app start-up (spawned -> first answer), p50", "%.0f", "ms",
                        r -> p50(r, Timeline::toFirstResponse)),
                new Row("supervisor RSS idle", "%.1f", "MB", r -> r.r.supervision().idleMb()),
                new Row("supervisor RSS peak (all its processes)", "%.1f", "MB", r -> r.r.supervision().peakMb()),
                // /proc counts CPU time in ticks of 10 ms
                new Row("supervisor CPU for " + peer.r.completed() + " flips", "%.2f", "s",
                        r -> r.r.supervision().flipCpuSeconds(), 0.01),
                new Row("failed requests", "%.0f", "", r -> r.failed()));
    }

    private static String cell(Row row, double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, row.format, v) + (row.unit.isEmpty() ? "" : " " + row.unit);
    }

    /** baton's value over the peer's: "0.67x"; "-" where either is missing or the peer's is 0. */
    static String ratio(double baton, double peer) {
        if (baton < 0 || peer <= 0) {
            return baton == 0 && peer == 0 ? "=" : "-";
        }
        return String.format(Locale.ROOT, "%.2fx", baton / peer);
    }

    private String header(Report r) {
        return r == peer ? "Server::Starter (--interval=" + StarterScenario.interval(r.r.spec().readiness()) + ")"
                : "baton " + mode(r) + " (" + r.flipKind() + ")";
    }

    /** The ratios as a text table. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n== peers: baton / Server::Starter in the same invocation: the same app"
                + " (examples/listeners/python/app.py), listeners socket, load and gaps, %d flips each%n",
                peer.r.completed()));
        sb.append("   ratio = baton's figure / Server::Starter's (below 1: baton costs less)\n");
        for (Report r : all()) {
            if (r.r.problem() != null) {
                sb.append("   ").append(r.r.spec().name()).append(" met a problem, its figures are missing: ")
                        .append(r.r.problem()).append('\n');
            }
        }
        int w = 44;
        sb.append(String.format(Locale.ROOT, "  %-" + w + "s %-28s", "", header(peer)));
        for (Report b : batons) {
            sb.append(String.format(Locale.ROOT, " %-30s", header(b)));
        }
        sb.append('\n');
        for (Row row : rows()) {
            double pv = row.value.applyAsDouble(peer);
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s %-28s", row.label, cell(row, pv)));
            for (Report b : batons) {
                double bv = row.value.applyAsDouble(b);
                sb.append(String.format(Locale.ROOT, " %-30s", cell(row, bv) + "  " + row.ratio(bv, pv)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** peers.png: the flip's phases and the supervisor's RSS of each run, side by side. */
    void plot(Path png) throws IOException {
        PeersPlot.write(all(), all().stream().map(this::header).toList(), png);
    }

    /** The same ratios as a Markdown table, for the README. */
    String markdown() {
        StringBuilder sb = new StringBuilder("| | " + header(peer) + " |");
        for (Report b : batons) {
            sb.append(" ").append(header(b)).append(" |");
        }
        sb.append("\n|---|---|").append("---|".repeat(batons.size())).append('\n');
        for (Row row : rows()) {
            double pv = row.value.applyAsDouble(peer);
            sb.append("| ").append(row.label.replace("->", "→")).append(" | ").append(cell(row, pv)).append(" |");
            for (Report b : batons) {
                double bv = row.value.applyAsDouble(b);
                sb.append(" ").append(cell(row, bv)).append(" (**").append(row.ratio(bv, pv).replace("x", "×"))
                        .append("**) |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A target: what was measured, the bound, and whether it was met. */
    record Target(String name, double measured, double bound, String boundText) {
        boolean met() {
            return measured >= 0 && bound >= 0 && measured <= bound;
        }

        String verdict() {
            return measured < 0 || bound < 0 ? "not measured" : met() ? "PASS" : "FAIL";
        }
    }

    private Optional<Report> run(String mode) {
        return batons.stream().filter(b -> mode(b).equals(mode)).findFirst();
    }

    /**
     * The targets. The default flip's allowance is over the app's start-up as measured in the
     * Server::Starter run: the same app under the same load, with nothing starting beside it (in
     * the baton run itself a new JVM may compete with the app for the cores, and that is baton's
     * cost, not the app's). The run's own figure is shown beside it.
     */
    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        Optional<Report> def = run("default");
        double startup = p50(peer, Timeline::toFirstResponse);
        double own = def.map(r -> p50(r, Timeline::toFirstResponse)).orElse(-1.0);
        out.add(new Target("default flip: SIGHUP -> old child signalled, p50 <= app start-up + 60 ms",
                def.map(r -> p50(r, Timeline::hupToSignalled)).orElse(-1.0),
                startup < 0 ? -1 : startup + STARTUP_ALLOWANCE_MS,
                startup < 0 ? "-" : String.format(Locale.ROOT, "app start-up %.0f ms, spawned -> first answer in the"
                        + " Server::Starter run (%s in this run), + 60 ms", startup,
                        own < 0 ? "-" : String.format(Locale.ROOT, "%.0f", own))));
        double peerTotal = p50(peer, Timeline::total);
        out.add(new Target("default flip: whole flip (SIGHUP -> old child gone), p50 <= 0.7 x Server::Starter's",
                def.map(r -> p50(r, Timeline::total)).orElse(-1.0), peerTotal < 0 ? -1 : OF_PEER * peerTotal,
                String.format(Locale.ROOT, "0.7 x %.0f ms", peerTotal)));
        out.add(new Target("re-exec flip: SIGHUP -> new child spawned, p50 <= 200 ms",
                run("reexec").map(r -> p50(r, Timeline::hupToSpawned)).orElse(-1.0), REEXEC_SPAWN_MS, "200 ms"));
        return out;
    }

    String targetsTable() {
        StringBuilder sb = new StringBuilder("\n== flip-time targets (issue 14), under the load above, http readiness"
                + " every 20 ms; reported, not asserted\n");
        for (Target t : targets()) {
            sb.append(String.format(Locale.ROOT, "  %-84s measured %6s ms, target <= %6s ms (%s): %s%n", t.name,
                    Stats.ms(t.measured), Stats.ms(t.bound), t.boundText, t.verdict()));
        }
        return sb.toString();
    }

    String targetsMarkdown() {
        StringBuilder sb = new StringBuilder("| target | measured | target | result |\n|---|---|---|---|\n");
        for (Target t : targets()) {
            sb.append("| ").append(t.name.replace("->", "→").replace("<=", "≤").replace(" x ", " × ")).append(" | ")
                    .append(Stats.ms(t.measured)).append(" ms | ≤ ").append(Stats.ms(t.bound)).append(" ms (")
                    .append(t.boundText.replace(" x ", " × ").replace("->", "→")).append(") | ").append(t.verdict()).append(" |\n");
        }
        return sb.toString();
    }
}
