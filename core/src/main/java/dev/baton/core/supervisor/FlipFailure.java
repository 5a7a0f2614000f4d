package dev.baton.core.supervisor;

/**
 * Why a flip failed before a new generation could serve, and whether the cause was the config
 * itself ({@code invalidConfig}: {@code baton upgrade} exits 78 for it, not 1), as the running
 * baton, or the new baton it started, read it in the service's environment.
 */
record FlipFailure(String reason, boolean invalidConfig) {
    static FlipFailure of(String reason) {
        return new FlipFailure(reason, false);
    }
}
