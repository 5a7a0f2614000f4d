package dev.baton.healthcheck.probes;

import dev.baton.core.config.Command;
import dev.baton.core.health.CheckContext;
import dev.baton.core.health.ProbeResult;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A check's view of baton in these tests: child 4242 of generation 1; state changes are recorded. */
final class TestContext implements CheckContext {
    static final long CHILD_PID = 4242;
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public long generation() {
        return 1;
    }

    @Override
    public long childPid() {
        return CHILD_PID;
    }

    @Override
    public void stateChanged(String line) {
        lines.add(line);
    }

    @Override
    public ProbeResult runProbe(Command command, Duration timeout) {
        throw new UnsupportedOperationException("these checks run no commands");
    }
}
