package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;

/** How baton ends. */
public sealed interface Outcome {

    /** baton ends the way its child did: same exit code, or death by the same signal. */
    record Relay(ChildExit exit) implements Outcome {
    }

    /** A new baton took over and this one's child is gone: exit 0. */
    record HandedOver() implements Outcome {
    }

    /** baton ends with its own exit code and a one-line reason (already logged). */
    record Fail(int exitCode, String reason) implements Outcome {
    }
}
