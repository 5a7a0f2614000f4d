package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.time.Duration;

/**
 * {@code shutdown.*}: how a child is stopped. Wait {@code delay} (old and new side by side
 * during a flip), send {@code signal} to its process group, and SIGKILL the group if it is
 * not empty after {@code timeout}. {@code maxDraining}: how many old generations may still drain
 * in the background while further flips run (0: a flip ends only when its old generation is gone).
 */
public record ShutdownConfig(Duration delay, Signal signal, Duration timeout, int maxDraining) {
    public static final Signal DEFAULT_SIGNAL = Signal.TERM;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ShutdownConfig(Duration delay, Signal signal, Duration timeout) {
        this(delay, signal, timeout, 0);
    }
}
