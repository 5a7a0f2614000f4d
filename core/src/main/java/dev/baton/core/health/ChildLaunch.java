package dev.baton.core.health;

/** What a check may change about the child before it is spawned. */
public interface ChildLaunch {
    long generation();

    void putEnv(String name, String value);

    /** The uid the child will run as, if baton switches it (user:); empty means baton's own. */
    java.util.OptionalInt childUid();
}
