package dev.baton.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** What one run measured, as table lines and as JSON. */
final class Report {
    final Scenario.Result r;
    final Map<LoadGen.Outcome, Long> outcomes = new EnumMap<>(LoadGen.Outcome.class);
    final List<Long> duringFlips;
    final List<Long> atRest;

    Report(Scenario.Result r) {
        this.r = r;
        for (LoadGen.Outcome o : LoadGen.Outcome.values()) {
            outcomes.put(o, r.samples().stream().filter(s -> s.outcome() == o).count());
        }
        duringFlips = r.samples().stream().filter(this::inFlip).map(LoadGen.Sample::micros).toList();
        atRest = r.samples().stream().filter(s -> s.startMillis() < r.restEnd()).map(LoadGen.Sample::micros).toList();
    }

    private boolean inFlip(LoadGen.Sample s) {
        for (Timeline t : r.flips()) {
            long end = t.oldGone() > 0 ? t.oldGone() : t.hup() + 5000;
            if (s.startMillis() >= t.hup() && s.startMillis() <= end) {
                return true;
            }
        }
        for (Recovery.Restart k : restarts()) { // no flip: from the SIGKILL to a second after it serves again
            long end = k.servingAgain() > 0 ? k.servingAgain() + 1000 : k.faultAt() + 5000;
            if (s.startMillis() >= k.faultAt() && s.startMillis() <= end) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failed request is put down to the child that crashed or was killed if it ended from
     * {@link #GONE_BEFORE_MS} before to {@link #GONE_AFTER_MS} after that moment: it was in flight
     * on that child, or was the next request on a keep-alive connection that child held. (The
     * bench sees the exit within 2 ms, the load within its 5 ms pace.)
     */
    static final long GONE_BEFORE_MS = 50;
    static final long GONE_AFTER_MS = 500;

    List<Recovery.Rollback> rollbacksOnProbation() {
        return r.recoveries().stream().filter(Recovery.Rollback.class::isInstance).map(Recovery.Rollback.class::cast)
                .toList();
    }

    List<Recovery.Restart> restarts() {
        return r.recoveries().stream().filter(Recovery.Restart.class::isInstance).map(Recovery.Restart.class::cast)
                .toList();
    }

    /** Failed requests that ended as a child went (see {@link #GONE_AFTER_MS}): lost with it. */
    long failedOnGoneChild() {
        return r.samples().stream().filter(s -> s.outcome() != LoadGen.Outcome.OK && onGoneChild(s)).count();
    }

    /** Every other failed request: none is allowed for these faults. */
    long failedOtherwise() {
        return failed() - failedOnGoneChild();
    }

    private boolean onGoneChild(LoadGen.Sample s) {
        long end = s.startMillis() + s.micros() / 1000;
        return r.recoveries().stream().anyMatch(g -> g.faultAt() > 0 && end >= g.faultAt() - GONE_BEFORE_MS
                && end <= g.faultAt() + GONE_AFTER_MS);
    }

    long failed() {
        return r.samples().size() - outcomes.get(LoadGen.Outcome.OK);
    }

    List<Long> phase(ToLongFunction<Timeline> f) {
        return r.flips().stream().filter(t -> !t.failed()).map(t -> f.applyAsLong(t)).toList();
    }

    List<Long> rollbacks() {
        return r.flips().stream().filter(Timeline::failed).map(Timeline::toRollback).toList();
    }

    /** Flips in which baton SIGKILLed the old child, shutdown.timeout after its SIGTERM. */
    long oldChildKilled() {
        return r.flips().stream().filter(Timeline::oldChildKilled).count();
    }

    /**
     * One failure, placed in the flip it happened in: "reset, new connection, flip 7 at SIGHUP+812 ms
     * (old child signalled +640, SIGKILLed +15641): java.net.SocketException: Connection reset".
     */
    String describe(LoadGen.Failure f) {
        StringBuilder sb = new StringBuilder(f.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append(", ").append(f.keepAlive() ? "keep-alive (" + (f.fresh() ? "new" : "reused") + " connection)"
                        : "new connection");
        Timeline in = null;
        int number = 0;
        for (int i = 0; i < r.flips().size(); i++) {
            if (r.flips().get(i).hup() <= f.atMillis()) {
                in = r.flips().get(i);
                number = i + 1;
            }
        }
        if (in == null && !restarts().isEmpty()) {
            sb.append(", ").append(afterKill(f.atMillis()));
        } else if (in == null) {
            sb.append(", before the first flip");
        } else {
            long at = in.hup();
            sb.append(", flip ").append(number).append(" at SIGHUP+").append(f.atMillis() - at).append(" ms");
            List<String> marks = new java.util.ArrayList<>();
            if (in.oldSignalled() >= 0) {
                marks.add("old child signalled +" + (in.oldSignalled() - at));
            }
            if (in.oldKilled() >= 0) {
                marks.add("SIGKILLed +" + (in.oldKilled() - at));
            }
            if (in.oldGone() >= 0) {
                marks.add("gone +" + (in.oldGone() - at));
            }
            if (!marks.isEmpty()) {
                sb.append(" (").append(String.join(", ", marks)).append(")");
            }
        }
        return sb.append(": ").append(f.error()).toString();
    }

    /** "SIGKILL 2 +3 ms": the last SIGKILL at or before {@code atMillis}, or "before the first SIGKILL". */
    private String afterKill(long atMillis) {
        String out = "before the first SIGKILL";
        for (Recovery.Restart k : restarts()) {
            if (k.faultAt() <= atMillis) {
                out = "SIGKILL " + k.number() + " +" + (atMillis - k.faultAt()) + " ms";
            }
        }
        return out;
    }

    long failed(boolean keepAlive) {
        return r.samples().stream().filter(s -> s.keepAlive() == keepAlive && s.outcome() != LoadGen.Outcome.OK).count();
    }

    long requests(boolean keepAlive) {
        return r.samples().stream().filter(s -> s.keepAlive() == keepAlive).count();
    }

    String p(ToLongFunction<Timeline> f) {
        return p(phase(f));
    }

    static String p(List<Long> v) {
        return Stats.ms(Stats.percentile(v, 50)) + "/" + Stats.ms(Stats.percentile(v, 99)) + "/"
                + Stats.ms(Stats.percentile(v, 100));
    }

    static String lat(List<Long> micros) {
        return String.format(Locale.ROOT, "%.1f/%.1f/%.1f", Stats.percentile(micros, 50) / 1000.0,
                Stats.percentile(micros, 99) / 1000.0, Stats.percentile(micros, 100) / 1000.0);
    }

    /** Completed flips that the same supervisor process did from start to end (in place). */
    long inPlaceFlips() {
        return r.flips().stream().filter(t -> !t.failed() && t.inPlace()).count();
    }

    /** "in place" or "re-exec" when every completed flip was of that kind, else how many were which. */
    String flipKind() {
        long completed = r.flips().stream().filter(t -> !t.failed()).count();
        long inPlace = inPlaceFlips();
        if (completed == 0) {
            return "-";
        }
        return inPlace == completed ? "in place" : inPlace == 0 ? "re-exec" : inPlace + " in place, "
                + (completed - inPlace) + " re-exec";
    }

    /** What ran, for the header: "baton, upgrade.mode default (flips seen: re-exec)", "Server::Starter". */
    String flipperLabel() {
        Scenario.Spec spec = r.spec();
        if (spec.flipper() != Scenario.Flipper.BATON) {
            return spec.flipper().label;
        }
        String mode = spec.configuredUpgradeMode() == null ? "default" : spec.configuredUpgradeMode();
        return "baton, upgrade.mode " + mode + " (flips seen: " + flipKind() + ")";
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        Scenario.Spec spec = r.spec();
        sb.append(String.format(Locale.ROOT, "%n== %s: %s mode, %s readiness%s%s%s%n", spec.name(),
                spec.mode().name().toLowerCase(Locale.ROOT), spec.readiness(),
                spec.fault() == Scenario.Fault.NONE ? "" : ", fault " + spec.fault().name().toLowerCase(Locale.ROOT),
                spec.listeners() > 1 ? ", " + spec.listeners() + " listeners" : "", "; " + flipperLabel()));
        if (r.problem() != null) {
            sb.append("  PROBLEM: ").append(r.problem()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  requests %d, failed %d (refused %d, reset %d, timeout %d, non-2xx %d)%n",
                r.samples().size(), failed(), outcomes.get(LoadGen.Outcome.REFUSED), outcomes.get(LoadGen.Outcome.RESET),
                outcomes.get(LoadGen.Outcome.TIMEOUT), outcomes.get(LoadGen.Outcome.NON_2XX)));
        sb.append(String.format(Locale.ROOT, "    new connection per request: %d requests, %d failed;"
                + " keep-alive: %d requests, %d failed%n", requests(false), failed(false), requests(true), failed(true)));
        for (int i = 0; i < Math.min(10, r.failures().size()); i++) {
            sb.append("    failure ").append(i + 1).append(": ").append(describe(r.failures().get(i))).append('\n');
        }
        if (failed() > 10) {
            sb.append("    (").append(failed() - 10).append(" more failures)\n");
        }
        if (!r.flips().isEmpty() || r.recoveries().isEmpty()) {
            flipLines(sb);
        }
        sb.append(RecoveryLines.of(this));
        sb.append("  request latency ms p50/p99/max: ").append(restarts().isEmpty() ? "during flips "
                : "from each SIGKILL to 1 s after serving again ").append(lat(duringFlips)).append(", at rest ")
                .append(lat(atRest)).append('\n');
        String who = spec.flipper() == Scenario.Flipper.BATON ? "baton" : StarterScenario.PROGRAM;
        sb.append(String.format(Locale.ROOT, "  %s RSS idle %.1f MB, peak %.1f MB, at flip 10 %s, at the end %.1f MB;"
                + " CPU %.2f s (all generations)%n", who, r.idleRssMb(), r.peakRssMb(),
                r.fdsAt10() < 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", r.rssAt10Mb()), r.rssEndMb(), r.cpuSeconds()));
        Scenario.Supervision sup = r.supervision();
        if (sup.idleMb() >= 0) {
            sb.append(String.format(Locale.ROOT, "  supervisor processes together: RSS idle %.1f MB, peak %.1f MB;"
                    + " CPU %.2f s for %s%n", sup.idleMb(), sup.peakMb(), sup.flipCpuSeconds(), restarts().isEmpty()
                    ? r.completed() + " flips" : restarts().size() + " restarts"));
        }
        sb.append(String.format(Locale.ROOT, "  %s fds: before %d, at flip 10 %s, after %d; leftover processes %d%n",
                who, r.fdsBefore(), r.fdsAt10() < 0 ? "-" : Integer.toString(r.fdsAt10()), r.fdsAfter(), r.leftovers()));
        return sb.toString();
    }

    private void flipLines(StringBuilder sb) {
        sb.append(String.format(Locale.ROOT, "  flips completed %d, failed %d; old child SIGKILLed at shutdown.timeout"
                + " in %d%n", r.completed(), r.failed(), oldChildKilled()));
        if (r.failed() > 0) {
            sb.append("  failed flips, SIGHUP->old baton logs \"flip failed\" ms p50/p99/max: ").append(p(rollbacks()))
                    .append('\n');
        }
        sb.append("  flip ms p50/p99/max: total ").append(p(Timeline::total)).append(", baton's share ")
                .append(p(Timeline::batonShare)).append('\n');
        sb.append("    SIGHUP->new baton main ").append(p(Timeline::toMain))
                .append(" | ->child spawned ").append(p(Timeline::toSpawned))
                .append(" | ->healthy (app start-up) ").append(p(Timeline::appStartup)).append('\n')
                .append("    child spawned->first response from it ").append(p(Timeline::toFirstResponse))
                .append(" | healthy->old child signalled ").append(p(Timeline::toSignalled))
                .append(" | ->old child gone (app drain) ").append(p(Timeline::appDrain)).append('\n')
                .append("    SIGHUP->new child spawned ").append(p(Timeline::hupToSpawned))
                .append(" | SIGHUP->old child signalled ").append(p(Timeline::hupToSignalled)).append('\n');
        if (r.spec().fault() == Scenario.Fault.PROBATION_ROLLBACK) {
            sb.append("    (healthy->old child signalled, and so baton's share, includes upgrade.probation ")
                    .append(Scenario.PROBATION).append(")\n");
        }
    }

    String json() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "name", r.spec().name());
        field(sb, "mode", r.spec().mode().name().toLowerCase(Locale.ROOT));
        field(sb, "readiness", r.spec().readiness());
        field(sb, "fault", r.spec().fault().name().toLowerCase(Locale.ROOT));
        field(sb, "flipper", r.spec().flipper().name().toLowerCase(Locale.ROOT));
        if (r.spec().configuredUpgradeMode() != null) {
            field(sb, "upgrade_mode", r.spec().configuredUpgradeMode());
        }
        num(sb, "listeners", Math.max(1, r.spec().listeners()));
        num(sb, "flips_in_place", inPlaceFlips());
        num(sb, "requests", r.samples().size());
        num(sb, "failed", failed());
        for (Map.Entry<LoadGen.Outcome, Long> e : outcomes.entrySet()) {
            num(sb, "outcome_" + e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        }
        num(sb, "flips_completed", r.completed());
        num(sb, "failed_new_connection", failed(false));
        num(sb, "failed_keep_alive", failed(true));
        num(sb, "flips_failed", r.failed());
        num(sb, "old_child_killed", oldChildKilled());
        rollbackJson(sb);
        if (!r.recoveries().isEmpty()) {
            sb.append(RecoveryLines.json(this));
        }
        phaseJson(sb, "flip_total_ms", Timeline::total);
        phaseJson(sb, "baton_share_ms", Timeline::batonShare);
        phaseJson(sb, "hup_to_new_baton_main_ms", Timeline::toMain);
        phaseJson(sb, "main_to_child_spawned_ms", Timeline::toSpawned);
        phaseJson(sb, "app_startup_ms", Timeline::appStartup);
        phaseJson(sb, "child_spawned_to_first_response_ms", Timeline::toFirstResponse);
        phaseJson(sb, "healthy_to_old_signalled_ms", Timeline::toSignalled);
        phaseJson(sb, "app_drain_ms", Timeline::appDrain);
        phaseJson(sb, "hup_to_child_spawned_ms", Timeline::hupToSpawned);
        phaseJson(sb, "hup_to_old_signalled_ms", Timeline::hupToSignalled);
        latJson(sb, "latency_during_flips_ms", duringFlips);
        latJson(sb, "latency_at_rest_ms", atRest);
        num(sb, "rss_idle_mb", r.idleRssMb());
        num(sb, "rss_peak_mb", r.peakRssMb());
        num(sb, "rss_at_flip_10_mb", r.rssAt10Mb());
        num(sb, "rss_end_mb", r.rssEndMb());
        num(sb, "cpu_seconds", r.cpuSeconds());
        num(sb, "fds_before", r.fdsBefore());
        num(sb, "fds_at_flip_10", r.fdsAt10());
        num(sb, "fds_after", r.fdsAfter());
        num(sb, "leftover_processes", r.leftovers());
        num(sb, "supervisors_rss_idle_mb", r.supervision().idleMb());
        num(sb, "supervisors_rss_peak_mb", r.supervision().peakMb());
        num(sb, "supervisors_cpu_flips_seconds", r.supervision().flipCpuSeconds());
        if (r.problem() != null) {
            field(sb, "problem", r.problem());
        }
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private void rollbackJson(StringBuilder sb) {
        percentiles(sb, "failed_flip_rollback_ms", rollbacks());
    }

    private void phaseJson(StringBuilder sb, String name, ToLongFunction<Timeline> f) {
        percentiles(sb, name, phase(f));
    }

    static void percentiles(StringBuilder sb, String name, List<Long> v) {
        sb.append('"').append(name).append("\":{\"p50\":").append(Stats.percentile(v, 50)).append(",\"p99\":")
                .append(Stats.percentile(v, 99)).append(",\"max\":").append(Stats.percentile(v, 100)).append("},");
    }

    private static void latJson(StringBuilder sb, String name, List<Long> micros) {
        sb.append('"').append(name).append("\":{\"p50\":").append(Stats.percentile(micros, 50) / 1000.0)
                .append(",\"p99\":").append(Stats.percentile(micros, 99) / 1000.0).append(",\"max\":")
                .append(Stats.percentile(micros, 100) / 1000.0).append("},");
    }

    static void field(StringBuilder sb, String k, String v) {
        sb.append('"').append(k).append("\":\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
    }

    static void num(StringBuilder sb, String k, double v) {
        sb.append('"').append(k).append("\":").append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v))
                .append(',');
    }
}
