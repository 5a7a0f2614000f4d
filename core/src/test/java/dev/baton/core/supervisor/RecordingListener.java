package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ChildExit;
import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records listener calls as lines: {@code configApplied v1}, {@code ready 1 1001}, {@code flipEnded 2 ok}. */
final class RecordingListener implements SupervisorListener {
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void configApplied(BatonConfig config) {
        events.add("configApplied " + config.command().argv().get(0));
    }

    @Override
    public synchronized void ready(long generation, long childPid) {
        events.add("ready " + generation + " " + childPid);
    }

    @Override
    public synchronized void flipStarted(long generation) {
        events.add("flipStarted " + generation);
    }

    @Override
    public synchronized void flipEnded(long generation, String failure) {
        events.add("flipEnded " + generation + " " + (failure == null ? "ok" : failure));
    }

    @Override
    public synchronized void stopping() {
        events.add("stopping");
    }

    @Override
    public synchronized void restarting(long generation, ChildExit exit, Duration backoff) {
        events.add("restarting " + generation + " after " + Durations.format(backoff));
    }

    @Override
    public synchronized void restartEnded(long generation, String failure) {
        events.add("restartEnded " + generation + " " + (failure == null ? "ok" : failure));
    }

    @Override
    public synchronized void probationStarted(long generation, long childPid, java.time.Instant until) {
        events.add("probation " + generation + " " + childPid);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
