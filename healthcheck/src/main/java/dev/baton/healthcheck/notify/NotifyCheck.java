package dev.baton.healthcheck.notify;

import dev.baton.core.control.ControlPaths;
import dev.baton.core.health.CheckContext;
import dev.baton.core.health.CheckFailedException;
import dev.baton.core.health.ChildLaunch;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.health.HealthCheckSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The notify check: each child gets its own NOTIFY_SOCKET in a private directory. Datagrams count
 * only if their sender (SCM_CREDENTIALS) is in the child's process group. READY=1 passes;
 * STATUS= is logged; EXTEND_TIMEOUT_USEC= is passed on to baton's own systemd.
 */
public final class NotifyCheck implements HealthCheck {
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
        public HealthCheck newCheck() {
            return new NotifyCheck();
        }
    };

    private NotifySocket socket;
    private IOException openError;
    private int childPgid;

    public static HealthCheckSpec spec() {
        return SPEC;
    }

    @Override
    public void prepare(ChildLaunch launch) {
        Path base = ControlPaths.directory(dev.baton.core.os.linux.Users.effectiveUid(), System.getenv());
        try {
            socket = NotifySocket.open(base, launch.childUid());
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
    public void await(CheckContext context) throws InterruptedException, CheckFailedException {
        if (socket == null) {
            throw new CheckFailedException("notify check: cannot make the child's NOTIFY_SOCKET: "
                    + (openError == null ? "unknown error" : openError.getMessage()));
        }
        boolean warnedStranger = false;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Optional<NotifySocket.Datagram> d;
            try {
                d = socket.receive();
            } catch (IOException e) {
                throw new CheckFailedException("notify check: " + e.getMessage());
            }
            if (d.isEmpty()) {
                continue;
            }
            int pid = d.get().senderPid();
            if (pid <= 0 || NotifySocket.processGroupOf(pid) != childPgid) {
                if (!warnedStranger) {
                    context.stateChanged("notify check: ignored a message from pid " + pid
                            + ", which is not in the child's process group");
                    warnedStranger = true;
                }
                continue;
            }
            boolean ready = false;
            for (String line : d.get().text().split("\n")) {
                if (line.equals("READY=1")) {
                    ready = true;
                } else if (line.startsWith("STATUS=")) {
                    context.stateChanged("child status: " + line.substring(7));
                } else if (line.startsWith("EXTEND_TIMEOUT_USEC=")) {
                    context.forwardToServiceManager(line);
                }
            }
            if (ready) {
                context.stateChanged("notify check passed: the child sent READY=1");
                return;
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
