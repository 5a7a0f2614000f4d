package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.time.Duration;

/**
 * {@code upgrade.*}: what triggers a flip, how it is done, how long a new child may take,
 * (re-exec only) how long a new baton's JVM may take to start on top of that, and how long a new
 * generation serves on probation beside the old one before the flip is final (zero: none).
 */
public record UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout, Duration startAllowance,
        Duration probation) {
    public static final Signal DEFAULT_SIGNAL = Signal.HUP;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_START_ALLOWANCE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROBATION = Duration.ZERO;

    public UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout, Duration startAllowance) {
        this(signal, mode, timeout, startAllowance, DEFAULT_PROBATION);
    }

    public UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout) {
        this(signal, mode, timeout, DEFAULT_START_ALLOWANCE, DEFAULT_PROBATION);
    }
}
