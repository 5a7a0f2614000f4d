package dev.baton.core.handover;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the baton a re-exec flip would start differs from the running one: asked at each flip of
 * {@code upgrade.mode: auto}, which re-execs only then. Tests give their own answer.
 */
@FunctionalInterface
public interface BatonChange {
    /** When baton can't tell (not started through bin/baton, or a test that doesn't say): a re-exec. */
    BatonChange UNKNOWN = () -> Optional.of("baton cannot tell whether it changed");

    /** Why a new baton would differ from this one; empty if it would be the same. */
    Optional<String> since();

    /** Compares {@code running}, taken at start, with what the launcher resolves to at each call. */
    static BatonChange of(InstalledBaton running, Supplier<InstalledBaton> now) {
        return () -> running.differenceFrom(now.get());
    }
}
