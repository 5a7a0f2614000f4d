package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.time.Duration;

/**
 * {@code upgrade.*}: what triggers a flip, how it is done, how long a new child may take, and
 * (re-exec only) how long a new baton's JVM may take to start on top of that.
 */
public record UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout, Duration startAllowance) {
    public static final Signal DEFAULT_SIGNAL = Signal.HUP;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_START_ALLOWANCE = Duration.ofSeconds(10);

    public UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout) {
        this(signal, mode, timeout, DEFAULT_START_ALLOWANCE);
    }
}
