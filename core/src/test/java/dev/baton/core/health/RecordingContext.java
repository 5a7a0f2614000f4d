package dev.baton.core.health;

import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.ProbeResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A check context that records the state lines a check logs, and the attempts it timed. */
final class RecordingContext implements CheckContext {
    final List<String> lines = new ArrayList<>();
    final List<Duration> attempts = new ArrayList<>();

    @Override
    public void attempted(Duration took) {
        attempts.add(took);
    }

    @Override
    public long generation() {
        return 2;
    }

    @Override
    public long childPid() {
        return 4242;
    }

    @Override
    public void stateChanged(String line) {
        lines.add(line);
    }

    @Override
    public ProbeResult runProbe(Command command, Duration timeout) {
        throw new UnsupportedOperationException("not in this test");
    }
}
