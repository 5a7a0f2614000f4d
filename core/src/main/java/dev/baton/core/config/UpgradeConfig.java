package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.time.Duration;

/** {@code upgrade.*}: what triggers a flip, how it is done, and how long a new child may take. */
public record UpgradeConfig(Signal signal, UpgradeMode mode, Duration timeout) {
    public static final Signal DEFAULT_SIGNAL = Signal.HUP;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
}
