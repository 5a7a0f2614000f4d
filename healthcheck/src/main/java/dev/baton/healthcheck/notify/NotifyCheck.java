package dev.baton.healthcheck.notify;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.NotifySocket;
import dev.baton.core.spi.Probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * The notify check: each child gets its own NOTIFY_SOCKET in a private directory, which baton makes
 * ({@link ChildLaunch#openNotifySocket()}). Datagrams count only if their sender (SCM_CREDENTIALS) is
 * in the child's process group. READY=1 passes (and
 * stays passed); STATUS= is logged; EXTEND_TIMEOUT_USEC= is passed on to baton's own systemd.
 * Between attempts it waits on the socket, so a READY=1 is seen as soon as it arrives.
 */
public final class NotifyCheck implements Probe {
    private static final HealthCheckSpec SPEC = new HealthCheckSpec() {
        @Override
        public String kind() {
            return "notify";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of();
        }

        @Override
        public Probe newProbe() {
            return new NotifyCheck();
        }
    };

    private final ArrayDeque<NotifySocket.Datagram> early = new ArrayDeque<>();
    private NotifySocket socket;
    private IOException openError;
    private int childPgid;
    private boolean ready;
    private boolean warnedStranger;

    public static HealthCheckSpec spec() {
        return SPEC;
    }

    @Override
    public void prepare(ChildLaunch launch) {
        try {
            socket = launch.openNotifySocket();
            launch.putEnv("NOTIFY_SOCKET", socket.path().toString());
        } catch (IOException e) {
            openError = e;
        }
    }

    @Override
    public void started(long childPid) {
        childPgid = (int) childPid; // the child leads its own process group
    }

    @Override
    public Attempt attempt(CheckContext context, Duration timeout) throws CheckFailedException {
        if (socket == null) {
            throw new CheckFailedException("cannot make the child's NOTIFY_SOCKET: "
                    + (openError == null ? "unknown error" : openError.getMessage()));
        }
        while (!ready) {
            Optional<NotifySocket.Datagram> d = early.isEmpty() ? receive(false) : Optional.of(early.poll());
            if (d.isEmpty()) {
                break;
            }
            handle(context, d.get());
        }
        return ready ? Attempt.PASS : Attempt.waiting("no READY=1 yet");
    }

    /** Waits for the next datagram, up to {@code interval}; the next attempt handles it. */
    @Override
    public void pause(Duration interval) throws InterruptedException {
        if (socket == null || ready) {
            Probe.super.pause(interval);
            return;
        }
        long deadline = System.nanoTime() + interval.toNanos();
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            try {
                Optional<NotifySocket.Datagram> d = socket.receive(true);
                if (d.isPresent()) {
                    early.add(d.get());
                    return;
                }
            } catch (IOException e) {
                return; // the next attempt reports it
            }
        } while (System.nanoTime() < deadline);
    }

    private Optional<NotifySocket.Datagram> receive(boolean wait) throws CheckFailedException {
        try {
            return socket.receive(wait);
        } catch (IOException e) {
            throw new CheckFailedException(e.getMessage());
        }
    }

    private void handle(CheckContext context, NotifySocket.Datagram d) {
        int pid = d.senderPid();
        if (pid <= 0 || d.senderProcessGroup() != childPgid) {
            if (!warnedStranger) {
                context.stateChanged("notify check: ignored a message from pid " + pid
                        + ", which is not in the child's process group");
                warnedStranger = true;
            }
            return;
        }
        for (String line : d.text().split("\n")) {
            if (line.equals("READY=1")) {
                ready = true;
            } else if (line.startsWith("STATUS=")) {
                context.stateChanged("child status: " + line.substring(7));
            } else if (line.startsWith("EXTEND_TIMEOUT_USEC=")) {
                context.forwardToServiceManager(line);
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
