package dev.baton.core.spi;

import java.time.Duration;

/** What a running check may use. Safe to call from the check's own thread. Part of the health-check SPI, version 1. */
public interface CheckContext {

    long generation();

    long childPid();

    /**
     * Logs a change of the check's state, e.g. "failing: connection refused". Call it when the
     * state changes, never once per attempt.
     */
    void stateChanged(String line);

    /**
     * Runs a command as a check probe: its own process group, the child's environment plus
     * {@code BATON_CHILD_PID} and {@code BATON_GENERATION}, killed with its group if it is still
     * running after {@code timeout}.
     */
    ProbeResult runProbe(Command command, Duration timeout) throws InterruptedException;

    /**
     * Passes a child's sd_notify message on to baton's own service manager (systemd), if baton has
     * one; e.g. EXTEND_TIMEOUT_USEC while the child starts. Does nothing otherwise.
     */
    default void forwardToServiceManager(String message) {
    }

    /**
     * One attempt of the check ended after {@code took} (for baton's metrics). Checks that poll a
     * {@link Probe} under baton's policy get this call from baton; a check of its own may make it.
     */
    default void attempted(Duration took) {
    }
}
