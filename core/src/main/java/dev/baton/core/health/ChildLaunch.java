package dev.baton.core.health;

/** What a check may change about the child before it is spawned. */
public interface ChildLaunch {
    long generation();

    void putEnv(String name, String value);
}
