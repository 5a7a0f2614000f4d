package dev.baton.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What baton did about a fault the bench caused to a serving generation, read from baton's log
 * lines and the load's samples: a new child that crashed on probation and was rolled back
 * ({@link Rollback}), or a serving child SIGKILLed and restarted in place ({@link Restart}). Times
 * are epoch milliseconds, -1 where the log has no such line. The fault's moment is the bench's
 * own: it saw the crashed child's exit in /proc, or it sent the SIGKILL.
 */
sealed interface Recovery {
    /** When the child went: its exit, or the SIGKILL. */
    long faultAt();

    /** When baton logged it had recovered: the rollback, or "restart completed". */
    long recoveredAt();

    /** The child that went. */
    long goneChild();

    /** fault to recovery logged, or -1 if it was not. */
    default long toRecovered() {
        return faultAt() < 0 || recoveredAt() < 0 ? -1 : recoveredAt() - faultAt();
    }

    /**
     * A flip whose new child became healthy, then crashed on probation. {@code line}: baton's
     * "flip failed: rolled back: ..." line (empty if it logged none). {@code oldChild}: the child
     * that served before the flip; {@code oldAliveAfter}: it was still running once the rollback
     * was logged; {@code oldAnswered}: it answered requests in every half-second from SIGHUP to a
     * second after the rollback.
     */
    record Rollback(long hup, long newChild, long healthy, long faultAt, long recoveredAt, String line, long oldChild,
            boolean oldAliveAfter, boolean oldAnswered) implements Recovery {
        @Override
        public long goneChild() {
            return newChild;
        }

        /** Healthy (its check passed) to its crash: how long it served on probation. */
        long healthyToCrash() {
            return healthy < 0 || faultAt < 0 ? -1 : faultAt - healthy;
        }

        boolean rolledBack() {
            return !line.isEmpty();
        }
    }

    /**
     * The serving child SIGKILLed and restarted in place. {@code number}: the restart's count as
     * baton logs it ("restart 2 of 5"); {@code plannedBackoffMs}: the backoff that line names;
     * {@code deathSeen}: that line; {@code spawned}: the new child started; {@code servingAgain}:
     * the end of the first request the new child answered; {@code batonPid}: the baton that
     * logged the restart.
     */
    record Restart(int number, long goneChild, long faultAt, long deathSeen, long plannedBackoffMs, long spawned,
            long newChild, long recoveredAt, long servingAgain, long batonPid) implements Recovery {
        /** Death seen to the new child spawned: the backoff as baton took it. */
        long waited() {
            return deathSeen < 0 || spawned < 0 ? -1 : spawned - deathSeen;
        }

        /** SIGKILL to the first answer from the new child: how long the service did not answer. */
        long toServingAgain() {
            return servingAgain < 0 ? -1 : servingAgain - faultAt;
        }
    }

    /**
     * The rolled-back flip to generation {@code generation} whose SIGHUP was at {@code hup}, whose
     * new child {@code newChild} the bench saw exit at {@code exitedAt}.
     */
    static Rollback rollback(List<String> allLines, long generation, long hup, long newChild, long exitedAt,
            long oldChild, boolean oldAliveAfter, List<LoadGen.Sample> samples) {
        List<String> log = allLines.stream().filter(l -> Timeline.stamp(l) >= hup).toList();
        long healthy = first(log, "generation=" + generation + " pid=" + newChild + " .*check passed")
                .map(Timeline::stamp).orElse(-1L);
        Optional<String> line = first(log, "generation=" + generation + " pid=" + newChild
                + " flip failed: rolled back: ");
        long rolledBack = line.map(Timeline::stamp).orElse(-1L);
        boolean answered = rolledBack >= 0 && answeredThroughout(samples, oldChild, hup, rolledBack + 1000);
        return new Rollback(hup, newChild, healthy, exitedAt, rolledBack, line.map(Recovery::message).orElse(""),
                oldChild, oldAliveAfter, answered);
    }

    /** The {@code number}-th restart: the bench SIGKILLed {@code killed}, the serving child, at {@code killedAt}. */
    static Restart restart(List<String> allLines, int number, long killed, long killedAt, List<LoadGen.Sample> samples) {
        List<String> log = allLines.stream().filter(l -> Timeline.stamp(l) >= killedAt - 1).toList();
        Pattern seen = Pattern.compile("pid=" + killed + " child killed by SIGKILL; restart (\\d+) of \\d+ .*in (\\S+)"
                + " as generation (\\d+)$");
        long deathSeen = -1;
        long backoff = -1;
        long generation = -1;
        long batonPid = -1;
        for (String l : log) {
            Matcher m = seen.matcher(l);
            if (m.find()) {
                deathSeen = Timeline.stamp(l);
                backoff = millis(m.group(2));
                generation = Long.parseLong(m.group(3));
                Matcher b = Pattern.compile(" baton\\[(\\d+)] ").matcher(l);
                batonPid = b.find() ? Long.parseLong(b.group(1)) : -1;
                break;
            }
        }
        Optional<String> started = first(log, "generation=" + generation + " pid=\\d+ child started");
        long newChild = started.map(l -> Long.parseLong(l.replaceAll(".* pid=(\\d+) child started.*", "$1")))
                .orElse(-1L);
        long completed = first(log, "restart completed: generation " + generation + " took over")
                .map(Timeline::stamp).orElse(-1L);
        long serving = samples.stream().filter(s -> s.pid() == newChild && newChild > 0
                        && s.outcome() == LoadGen.Outcome.OK)
                .mapToLong(s -> s.startMillis() + s.micros() / 1000).min().orElse(-1);
        return new Restart(number, killed, killedAt, deathSeen, backoff, started.map(Timeline::stamp).orElse(-1L),
                newChild, completed, serving, batonPid);
    }

    /** "250ms", "1s", "1.5s", "2m" as baton writes a duration, in milliseconds; -1 if it is none of those. */
    static long millis(String duration) {
        Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m)$").matcher(duration);
        if (!m.find()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        return Math.round(switch (m.group(2)) {
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        });
    }

    /** {@code pid} answered at least one request that started in every half-second of [from, to). */
    private static boolean answeredThroughout(List<LoadGen.Sample> samples, long pid, long from, long to) {
        for (long at = from; at < to; at += 500) {
            long start = at;
            long end = Math.min(to, at + 500);
            boolean any = samples.stream().anyMatch(s -> s.pid() == pid && s.outcome() == LoadGen.Outcome.OK
                    && s.startMillis() >= start && s.startMillis() < end);
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The line from "generation=" on: what baton said, without its timestamp, level and process. */
    private static String message(String line) {
        int at = line.indexOf("generation=");
        return at < 0 ? line : line.substring(at);
    }

    private static Optional<String> first(List<String> log, String regex) {
        Pattern p = Pattern.compile(regex);
        return log.stream().filter(l -> p.matcher(l).find()).findFirst();
    }
}
