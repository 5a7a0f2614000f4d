package dev.baton.core.os;

/** A new baton started for a re-exec flip, and the handover channel to it. */
public record NewBatonProcess(ChildProcess process, LineChannel channel) {
}
