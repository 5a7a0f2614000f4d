package dev.baton.core.metrics;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Os;
import dev.baton.core.supervisor.FlipRecord;
import dev.baton.core.supervisor.SupervisorListener;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code metrics.textfile}: the metrics for node_exporter's textfile collector, written at each
 * supervisor event from the first child's readiness on (not before the first spawn: a write
 * fsyncs, and start-up waits for nothing it does not need), as a later listener than
 * {@link BatonMetrics}, and replaced whole: a temp file in
 * the same directory, renamed over the old one ({@link Os#replaceFile}, mode 0644), so the collector
 * reads the old content or the new, never a part. Check attempts, which come every interval, write
 * it at most every {@value #CHECK_WRITE_SECONDS} s. A write that fails is logged once, until one
 * succeeds again. Only the baton in charge writes: an old baton stops at the handover.
 */
public final class MetricsTextfile implements SupervisorListener {
    static final long CHECK_WRITE_SECONDS = 5;

    private final Os os;
    private final Path file;
    private final BatonMetrics metrics;
    private final Object writing = new Object();
    private volatile boolean inCharge;
    private long lastWrite = Long.MIN_VALUE; // guarded by writing
    private boolean failing; // guarded by writing

    public MetricsTextfile(Os os, Path file, BatonMetrics metrics, boolean inCharge) {
        this.os = os;
        this.file = file;
        this.metrics = metrics;
        this.inCharge = inCharge;
    }

    /** Writes the file now (if in charge). */
    public void write() {
        if (!inCharge) {
            return;
        }
        synchronized (writing) {
            lastWrite = System.nanoTime();
            try {
                os.replaceFile(file, metrics.render(), 0644);
                failing = false;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    LoggerFactory.getLogger("baton").atWarn().log("cannot write metrics.textfile " + file + ": "
                            + e.getMessage() + " (baton serves on; said once until a write succeeds)");
                }
                failing = true;
            }
        }
    }

    @Override
    public void ready(long generation, long childPid) {
        write();
    }

    @Override
    public void flipRecorded(FlipRecord record) {
        write();
    }

    @Override
    public void flipEnded(long generation, String failure) {
        write();
    }

    @Override
    public void stopping() {
        write();
    }

    @Override
    public void handedOver(long newBatonPid) {
        inCharge = false;
    }

    @Override
    public void tookOver(long generation, long childPid) {
        inCharge = true;
        write();
    }

    @Override
    public void restarting(long generation, ChildExit exit, Duration backoff) {
        write();
    }

    @Override
    public void restartEnded(long generation, String failure) {
        write();
    }

    @Override
    public void draining(List<String> generations) {
        write();
    }

    @Override
    public void servingChanged(long generation, long childPid) {
        write();
    }

    @Override
    public void checkAttempted(long generation, boolean liveness, Duration took) {
        boolean due;
        synchronized (writing) {
            due = lastWrite == Long.MIN_VALUE || System.nanoTime() - lastWrite >= CHECK_WRITE_SECONDS * 1_000_000_000L;
        }
        if (due) {
            write();
        }
    }
}
