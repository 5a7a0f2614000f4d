package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ChildExit;
import dev.baton.core.spi.Durations;
import dev.baton.core.text.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What {@code baton status} shows, kept up to date from supervisor events (loop thread) and read
 * by control connections (their own threads).
 */
public final class StatusBoard implements SupervisorListener {
    private final long batonPid;
    private final String version;
    private final Instant started = Instant.now();
    private volatile long generation;
    private volatile long childPid;
    private volatile String state = "starting";
    private volatile String lastFlip = "none";
    private volatile String config = "";
    private volatile long restarts;
    private volatile String lastRestart = "none";
    private volatile String draining = "none";

    private volatile FlipHistory history;

    public StatusBoard(long batonPid, String version) {
        this.batonPid = batonPid;
        this.version = version;
    }

    /** Where the flip records come from: the last {@value #SHOWN} are shown, and the service's start. */
    public StatusBoard withHistory(FlipHistory h) {
        history = h;
        return this;
    }

    static final int SHOWN = 20;

    @Override
    public void configApplied(BatonConfig c) {
        config = c.source().toString();
    }

    @Override
    public void ready(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
        state = "serving";
    }

    @Override
    public void flipStarted(long generation) {
        state = "flipping to generation " + generation;
    }

    @Override
    public void flipEnded(long generation, String failure) {
        lastFlip = failure == null ? "generation " + generation + " took over at " + Instant.now()
                : "generation " + generation + " failed at " + Instant.now() + ": " + failure;
        state = "serving";
    }

    @Override
    public void restarting(long generation, ChildExit exit, Duration backoff) {
        restarts++;
        lastRestart = "child " + exit.describe() + " at " + Instant.now() + "; restarting as generation " + generation;
        state = "restarting as generation " + generation + " in " + Durations.format(backoff);
    }

    @Override
    public void restartEnded(long generation, String failure) {
        lastRestart = failure == null ? lastRestart + "; it took over at " + Instant.now()
                : lastRestart + "; it failed: " + failure;
        state = failure == null ? "serving" : state;
    }

    @Override
    public void probationStarted(long generation, long childPid, Instant until) {
        state = "probation until " + until.truncatedTo(ChronoUnit.SECONDS) + ": generation " + generation
                + " (child pid " + childPid + ") serves beside generation " + this.generation + " (child pid "
                + this.childPid + ")";
        this.generation = generation;
        this.childPid = childPid;
    }

    @Override
    public void draining(java.util.List<String> generations) {
        draining = generations.isEmpty() ? "none" : String.join("; ", generations);
    }

    @Override
    public void servingChanged(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
    }

    @Override
    public void tookOver(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
        lastFlip = "generation " + generation + " took over at " + Instant.now();
        state = "serving";
    }

    @Override
    public void handedOver(long newBatonPid) {
        state = "handed over to baton " + newBatonPid + "; stopping generation " + generation;
    }

    @Override
    public void stopping() {
        state = "stopping";
    }

    /** One line of JSON. */
    public String toJson() {
        long uptime = Duration.between(started, Instant.now()).toSeconds();
        Json json = new Json().number("generation", generation).number("baton_pid", batonPid).number("child_pid", childPid)
                .string("version", version).number("uptime_seconds", uptime).string("state", state)
                .string("last_flip", lastFlip).number("restarts", restarts).string("last_restart", lastRestart)
                .string("draining", draining)
                .string("config", config);
        FlipHistory h = history;
        if (h != null) {
            Instant service = h.serviceStarted();
            json.string("service_started", service.toString())
                    .number("service_uptime_seconds", Duration.between(service, Instant.now()).toSeconds())
                    .raw("flips", "[" + String.join(",", h.last(SHOWN)) + "]");
        }
        return json.toString();
    }
}
