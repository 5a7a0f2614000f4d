package dev.baton.core.health;

/** What a check may change about the child before it is spawned. */
public interface ChildLaunch {
    long generation();

    void putEnv(String name, String value);

    /** The uid the child will run as, if baton switches it (user:); empty means baton's own. */
    java.util.OptionalInt childUid();

    /**
     * baton's runtime directory (README, "Security"): only root, or baton's own uid, can change
     * it, and a child that dropped privileges can pass through it (root's is {@code /run/baton},
     * mode 0711). A check that needs files for its child, such as a private socket, makes a
     * directory of its own below it, and removes it when the check is closed.
     */
    java.nio.file.Path runtimeDirectory();
}
