package dev.baton.core.health;

import dev.baton.core.os.ChildExit;

/** The end of a probe command. */
public sealed interface ProbeResult {
    record Finished(ChildExit exit) implements ProbeResult {
    }

    record TimedOut() implements ProbeResult {
    }

    record NotStarted(String reason) implements ProbeResult {
    }
}
