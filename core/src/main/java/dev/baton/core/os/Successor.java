package dev.baton.core.os;

/** A new baton started for a re-exec flip, and the handover channel to it (its fd 3). */
public record Successor(ChildProcess process, LineChannel channel) {
}
