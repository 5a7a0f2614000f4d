package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.time.Duration;

/**
 * {@code shutdown.*}: how a child is stopped. Wait {@code delay} (old and new side by side
 * during a flip), send {@code signal} to its process group, and SIGKILL the group if it is
 * not empty after {@code timeout}.
 */
public record ShutdownConfig(Duration delay, Signal signal, Duration timeout) {
    public static final Signal DEFAULT_SIGNAL = Signal.TERM;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
}
