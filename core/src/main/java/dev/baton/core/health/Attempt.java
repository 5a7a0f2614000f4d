package dev.baton.core.health;

/** The result of one probe attempt. */
public sealed interface Attempt {
    Attempt PASS = new Pass();

    static Attempt fail(String reason) {
        return new Fail(reason);
    }

    record Pass() implements Attempt {
    }

    /** {@code reason} is short and stable across attempts, e.g. "connection refused". */
    record Fail(String reason) implements Attempt {
    }
}
