package dev.baton.launcher;

import java.time.Instant;

/**
 * Start-up milestones for the benchmarks: with BATON_TRACE_START set, each one is printed to
 * stderr as {@code baton-trace NAME EPOCH_NANOS}. Silent (and nearly free) otherwise.
 */
final class StartTrace {
    private static final boolean ON = System.getenv("BATON_TRACE_START") != null;

    private StartTrace() {
    }

    static void mark(String name) {
        if (ON) {
            Instant now = Instant.now();
            System.err.println("baton-trace " + name + " " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        }
    }
}
