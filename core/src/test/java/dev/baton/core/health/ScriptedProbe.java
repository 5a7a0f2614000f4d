package dev.baton.core.health;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A probe that answers from a script, then repeats its last answer; pauses are recorded, not slept. */
final class ScriptedProbe implements Probe {
    private final Deque<Object> script = new ArrayDeque<>();
    private Object last = Attempt.waiting("nothing scripted");
    final List<Duration> pauses = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    int attempts;
    boolean closed;
    long startedWith;

    ScriptedProbe then(Object... answers) {
        for (Object a : answers) {
            script.add(a);
        }
        return this;
    }

    static Attempt fail(String reason) {
        return Attempt.fail(reason);
    }

    @Override
    public void started(long childPid) {
        startedWith = childPid;
    }

    @Override
    public Attempt attempt(CheckContext context, Duration timeout) throws CheckFailedException {
        attempts++;
        timeouts.add(timeout);
        if (!script.isEmpty()) {
            last = script.poll();
        }
        if (last instanceof CheckFailedException e) {
            throw e;
        }
        return (Attempt) last;
    }

    @Override
    public void pause(Duration interval) {
        pauses.add(interval);
    }

    @Override
    public void close() {
        closed = true;
    }
}
