package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ChildExit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Several listeners behind one. */
final class CompositeListener implements SupervisorListener {
    private final List<SupervisorListener> listeners;

    CompositeListener(List<SupervisorListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void configApplied(BatonConfig config) {
        listeners.forEach(l -> l.configApplied(config));
    }

    @Override
    public void ready(long generation, long childPid) {
        listeners.forEach(l -> l.ready(generation, childPid));
    }

    @Override
    public void flipStarted(long generation) {
        listeners.forEach(l -> l.flipStarted(generation));
    }

    @Override
    public void flipEnded(long generation, String failure) {
        listeners.forEach(l -> l.flipEnded(generation, failure));
    }

    @Override
    public void probationStarted(long generation, long childPid, Instant until) {
        listeners.forEach(l -> l.probationStarted(generation, childPid, until));
    }

    @Override
    public void draining(List<String> generations) {
        listeners.forEach(l -> l.draining(generations));
    }

    @Override
    public void stopping() {
        listeners.forEach(SupervisorListener::stopping);
    }

    @Override
    public void flipRecorded(FlipRecord record) {
        listeners.forEach(l -> l.flipRecorded(record));
    }

    @Override
    public void handedOver(long newBatonPid) {
        listeners.forEach(l -> l.handedOver(newBatonPid));
    }

    @Override
    public void tookOver(long generation, long childPid) {
        listeners.forEach(l -> l.tookOver(generation, childPid));
    }

    @Override
    public void oldBatonGone(long placeholderPid) {
        listeners.forEach(l -> l.oldBatonGone(placeholderPid));
    }

    @Override
    public void checkAttempted(long generation, boolean liveness, Duration took) {
        listeners.forEach(l -> l.checkAttempted(generation, liveness, took));
    }

    @Override
    public void forwardNotification(String message) {
        listeners.forEach(l -> l.forwardNotification(message));
    }

    @Override
    public void restarting(long generation, ChildExit exit, Duration backoff) {
        listeners.forEach(l -> l.restarting(generation, exit, backoff));
    }

    @Override
    public void restartEnded(long generation, String failure) {
        listeners.forEach(l -> l.restartEnded(generation, failure));
    }

    @Override
    public void servingChanged(long generation, long childPid) {
        listeners.forEach(l -> l.servingChanged(generation, childPid));
    }
}
