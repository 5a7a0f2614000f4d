package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;

/**
 * The answer to a dry run ({@code baton upgrade --dry-run}): the running baton read the config as
 * the next flip would, in its own environment, and started nothing.
 */
public sealed interface DryRun {
    /** A flip would start: {@code how} says which kind and why; {@code current} and {@code next}, to compare. */
    record WouldFlip(BatonConfig current, BatonConfig next, String how) implements DryRun {
    }

    /** No flip would start: the config is invalid, or the flip would be refused ({@code reason}). */
    record WouldNot(String reason) implements DryRun {
    }

    /** baton is stopping or handed over: ask the baton in charge. */
    record Busy(String why) implements DryRun {
    }
}
