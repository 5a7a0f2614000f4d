package dev.baton.core.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lifecycle log lines, each with its generation and the child's pid as key-values. */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger("baton");

    private Lifecycle() {
    }

    static void info(Generation g, String message) {
        LOG.atInfo().addKeyValue("generation", g.number).addKeyValue("pid", g.pid()).log(message);
    }

    static void warn(Generation g, String message) {
        LOG.atWarn().addKeyValue("generation", g.number).addKeyValue("pid", g.pid()).log(message);
    }

    static void info(long generation, String message) {
        LOG.atInfo().addKeyValue("generation", generation).log(message);
    }

    static void warn(long generation, String message) {
        LOG.atWarn().addKeyValue("generation", generation).log(message);
    }

    /** The one summary line of a flip, restart or rollback; in JSON logs the record itself, as {@code flip}. */
    static void record(FlipRecord r) {
        String event = r.trigger() == FlipRecord.Trigger.RESTART ? "restart"
                : r.result() == FlipRecord.Result.ROLLED_BACK ? "rollback" : "flip";
        (r.result() == FlipRecord.Result.COMMITTED ? LOG.atInfo() : LOG.atWarn())
                .addKeyValue("generation", r.newGeneration()).addKeyValue("event", event)
                .addKeyValue("flip", new dev.baton.core.text.Json.Raw(r.toJson())).log(r.summary());
    }

    static void error(String message) {
        LOG.error(message);
    }
}
