package dev.baton.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The part of a run's table and JSON about the faults done to a serving generation ({@link
 * Recovery}): a probation rolled back, a killed child restarted. Empty for the other runs.
 */
final class RecoveryLines {
    private RecoveryLines() {
    }

    static String of(Report report) {
        StringBuilder sb = new StringBuilder();
        List<Recovery.Rollback> rollbacks = report.rollbacksOnProbation();
        List<Recovery.Restart> restarts = report.restarts();
        if (!rollbacks.isEmpty()) {
            rollbackLines(sb, rollbacks);
        }
        if (!restarts.isEmpty()) {
            restartLines(sb, restarts);
        }
        if (!rollbacks.isEmpty() || !restarts.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  failed requests: %d lost with the child that %s (ended %d ms before"
                    + " to %d ms after it went), %d others; refused %d%n", report.failedOnGoneChild(),
                    restarts.isEmpty() ? "crashed" : "was killed", Report.GONE_BEFORE_MS, Report.GONE_AFTER_MS,
                    report.failedOtherwise(), report.outcomes.get(LoadGen.Outcome.REFUSED)));
        }
        return sb.toString();
    }

    private static void rollbackLines(StringBuilder sb, List<Recovery.Rollback> rollbacks) {
        long rolledBack = rollbacks.stream().filter(Recovery.Rollback::rolledBack).count();
        sb.append(String.format(Locale.ROOT, "  probation %s: %d new children crashed %s s after healthy, %d rolled back;"
                + " baton logged:%n", Scenario.PROBATION, rollbacks.size(), Scenario.CRASH_AFTER_HEALTHY_SECONDS,
                rolledBack));
        rollbacks.stream().filter(Recovery.Rollback::rolledBack).findFirst()
                .ifPresent(b -> sb.append("    \"").append(b.line()).append("\"\n"));
        sb.append("    new child healthy->its crash (seen in /proc) ms p50/p99/max ")
                .append(p(rollbacks, Recovery.Rollback::healthyToCrash)).append(" | crash->rollback logged ")
                .append(p(rollbacks, Recovery::toRecovered)).append('\n');
        long alive = rollbacks.stream().filter(Recovery.Rollback::oldAliveAfter).count();
        long answered = rollbacks.stream().filter(Recovery.Rollback::oldAnswered).count();
        sb.append(String.format(Locale.ROOT, "  old child (pid %s) the same process and running after the rollback: %d"
                + " of %d; answered in every 0.5 s from SIGHUP to 1 s after the rollback: %d of %d%n",
                rollbacks.stream().map(b -> Long.toString(b.oldChild())).distinct().collect(Collectors.joining(", ")),
                alive, rollbacks.size(), answered, rollbacks.size()));
    }

    private static void restartLines(StringBuilder sb, List<Recovery.Restart> restarts) {
        long completed = restarts.stream().filter(k -> k.recoveredAt() >= 0).count();
        String batons = restarts.stream().map(k -> Long.toString(k.batonPid())).distinct()
                .collect(Collectors.joining(", "));
        sb.append(String.format(Locale.ROOT, "  restart in place (on-failure, backoff %s, max_backoff %s): %d SIGKILLs"
                + " of the serving child, %d restarts completed, by baton pid %s%n", Scenario.RESTART_BACKOFF,
                Scenario.RESTART_MAX_BACKOFF, restarts.size(), completed, batons));
        sb.append("    backoff ms, planned (\"restart N of M ... in X\"): ")
                .append(list(restarts, Recovery.Restart::plannedBackoffMs))
                .append(" | taken (death seen->new child spawned): ").append(list(restarts, Recovery.Restart::waited))
                .append('\n');
        sb.append("    SIGKILL->death seen ms p50/p99/max ").append(p(restarts, k -> k.deathSeen() < 0 ? -1
                        : k.deathSeen() - k.faultAt()))
                .append(" | ->restart completed ").append(p(restarts, Recovery::toRecovered))
                .append('\n').append("    SIGKILL->serving again (first answer from the new child) ms, each: ")
                .append(list(restarts, Recovery.Restart::toServingAgain)).append('\n');
    }

    static String json(Report report) {
        StringBuilder sb = new StringBuilder();
        Report.num(sb, "failed_on_gone_child", report.failedOnGoneChild());
        Report.num(sb, "failed_otherwise", report.failedOtherwise());
        List<Recovery.Rollback> rollbacks = report.rollbacksOnProbation();
        if (!rollbacks.isEmpty()) {
            Report.field(sb, "probation", Scenario.PROBATION);
            Report.num(sb, "probation_crashes", rollbacks.size());
            Report.num(sb, "probation_rolled_back", rollbacks.stream().filter(Recovery.Rollback::rolledBack).count());
            rollbacks.stream().filter(Recovery.Rollback::rolledBack).findFirst()
                    .ifPresent(b -> Report.field(sb, "rollback_line", b.line()));
            Report.percentiles(sb, "healthy_to_crash_ms", values(rollbacks, Recovery.Rollback::healthyToCrash));
            Report.percentiles(sb, "crash_to_rollback_ms", values(rollbacks, Recovery::toRecovered));
            Report.num(sb, "old_child_alive_after_rollback", rollbacks.stream()
                    .filter(Recovery.Rollback::oldAliveAfter).count());
            Report.num(sb, "old_child_answered_throughout", rollbacks.stream()
                    .filter(Recovery.Rollback::oldAnswered).count());
        }
        List<Recovery.Restart> restarts = report.restarts();
        if (!restarts.isEmpty()) {
            Report.num(sb, "kills", restarts.size());
            Report.num(sb, "restarts_completed", restarts.stream().filter(k -> k.recoveredAt() >= 0).count());
            Report.num(sb, "restart_batons", restarts.stream().map(Recovery.Restart::batonPid).distinct().count());
            sb.append("\"restart_backoff_planned_ms\":[").append(list(restarts, Recovery.Restart::plannedBackoffMs))
                    .append("],\"restart_backoff_taken_ms\":[").append(list(restarts, Recovery.Restart::waited))
                    .append("],");
            Report.percentiles(sb, "kill_to_restart_completed_ms", values(restarts, Recovery::toRecovered));
            Report.percentiles(sb, "kill_to_serving_again_ms", values(restarts, Recovery.Restart::toServingAgain));
            sb.append("\"kill_to_serving_again_each_ms\":[").append(list(restarts, Recovery.Restart::toServingAgain))
                    .append("],");
        }
        return sb.toString();
    }

    private static <T> List<Long> values(List<T> items, ToLongFunction<T> f) {
        return items.stream().map(f::applyAsLong).toList();
    }

    private static <T> String p(List<T> items, ToLongFunction<T> f) {
        return Report.p(values(items, f));
    }

    private static <T> String list(List<T> items, ToLongFunction<T> f) {
        return items.stream().map(i -> Long.toString(f.applyAsLong(i))).collect(Collectors.joining(", "));
    }
}
