package dev.baton.healthcheck;

import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.ProbeResult;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A check's view of baton in these tests: child 4242 of generation 1; state changes are recorded. */
public final class TestContext implements CheckContext {
    public static final long CHILD_PID = 4242;
    public final List<String> lines = new CopyOnWriteArrayList<>();

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
