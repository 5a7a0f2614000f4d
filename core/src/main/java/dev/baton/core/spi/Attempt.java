package dev.baton.core.spi;

/** The result of one attempt of a {@link Probe}. Part of the health-check SPI, version 1. */
public sealed interface Attempt {
    Attempt PASS = new Pass();

    static Attempt fail(String reason) {
        return new Fail(reason);
    }

    static Attempt waiting(String what) {
        return new Waiting(what);
    }

    /** The child answered as a healthy child does. */
    record Pass() implements Attempt {
    }

    /**
     * The child answered wrongly, or not at all. {@code reason} is one line, short and stable across
     * attempts (it is logged when it changes), e.g. "503 from http://127.0.0.1:8080/health".
     */
    record Fail(String reason) implements Attempt {
    }

    /**
     * Nothing to judge yet, e.g. no READY=1 received or not running long enough: not a failure, so
     * it is neither logged nor counted against {@code failures_allowed}.
     */
    record Waiting(String what) implements Attempt {
    }
}
