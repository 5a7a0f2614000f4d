package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.Identity;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.ProbeResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs probe commands for checks: own process group, dies with baton, killed when late. */
final class ProbeRunner {
    private static final Duration GROUP_GONE_WAIT = Duration.ofSeconds(5);
    private final Os os;

    ProbeRunner(Os os) {
        this.os = os;
    }

    ProbeResult run(Command command, Duration timeout, Map<String, String> childEnv, Path workdir, Identity identity,
            long generation, long childPid) throws InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(childEnv);
        env.put("BATON_CHILD_PID", Long.toString(childPid));
        env.put("BATON_GENERATION", Long.toString(generation));
        ChildProcess probe;
        try {
            probe = os.spawn(SpawnSpec.of(command.program(), command.argv(), env, workdir, identity));
        } catch (SpawnException e) {
            return new ProbeResult.NotStarted(e.getMessage());
        }
        try {
            ChildExit exit = probe.exit().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            killGroup(probe);
            return result(command, exit);
        } catch (TimeoutException e) {
            killGroup(probe);
            return new ProbeResult.TimedOut();
        } catch (InterruptedException e) {
            killGroup(probe);
            throw e;
        } catch (ExecutionException e) {
            killGroup(probe);
            return new ProbeResult.NotStarted(String.valueOf(e.getCause()));
        }
    }

    /** The SPI's words for how the probe ended; the exec check's messages read as ChildExit describes it. */
    private static ProbeResult result(Command command, ChildExit exit) {
        if (exit instanceof ChildExit.Exited e) {
            return new ProbeResult.Exited(e.code());
        }
        if (exit instanceof ChildExit.Signaled s) {
            return new ProbeResult.Killed(s.signal(), Signal.describe(s.signal()), s.coreDumped());
        }
        return new ProbeResult.NotStarted(command.argv().get(0) + " " + exit.describe());
    }

    /** Whatever the probe left in its group goes too. */
    private void killGroup(ChildProcess probe) {
        os.signalGroup(probe.pid(), Signal.KILL);
        try {
            probe.groupGone().toCompletableFuture().get(GROUP_GONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a probe stuck in the kernel (D state); it has been SIGKILLed and will go
        }
    }
}
