package dev.baton.launcher;

import dev.baton.core.control.ControlClient;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.control.RuntimeDirectory;
import dev.baton.core.os.linux.Users;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.text.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code baton status} without {@code -c}: asks every control socket in the runtime directories this
 * user may look in (every user's, for root) and prints one line per running baton, or a JSON array.
 * A socket nobody answers on (left by a baton that was SIGKILLed) is skipped; one that accepts but
 * does not answer is listed as such.
 */
final class StatusList {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final String FORMAT = "%-40s %4s %8s %8s %-10s %9s %s%n";

    private StatusList() {
    }

    static int print(boolean json) {
        Map<String, String> env = BatonEnvironment.fromProcess(System.getenv()).original();
        List<String> objects = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (Path dir : RuntimeDirectory.everyVisible(Users.effectiveUid(), env)) {
            for (Path socket : RuntimeDirectory.sockets(dir)) {
                ask(socket, objects, rows);
            }
        }
        if (json) {
            System.out.println("[" + String.join(",", objects) + "]");
        } else if (!rows.isEmpty()) {
            System.out.printf(FORMAT, "CONFIG", "GEN", "BATON", "CHILD", "STATE", "UP", "VERSION");
            rows.forEach(r -> System.out.printf(FORMAT, (Object[]) r));
        }
        if (rows.isEmpty()) {
            System.err.println("baton: no baton running" + (Users.effectiveUid() == 0 ? "" : " as this user"
                    + " (root's are listed for root)"));
            return UpgradeCommand.NOT_RUNNING;
        }
        return 0;
    }

    private static void ask(Path socket, List<String> objects, List<String[]> rows) {
        try {
            ControlProtocol answer = ControlClient.ask(socket, new ControlProtocol.StatusRequest(), WAIT, WAIT);
            if (answer instanceof ControlProtocol.Status status) {
                Map<String, String> f = StatusCommand.parse(status.json());
                StringBuilder sock = new StringBuilder();
                Json.quote(sock, socket.toString());
                objects.add("{\"running\":true,\"socket\":" + sock + "," + status.json().substring(1));
                rows.add(new String[] {f.get("config"), f.get("generation"), f.get("baton_pid"), f.get("child_pid"),
                    f.get("state"), uptime(f.get("uptime_seconds")), f.get("version")});
            } else {
                rows.add(new String[] {socket.toString(), "-", "-", "-", "busy", "-", answer.format()});
            }
        } catch (ConnectException e) {
            // a stale socket: its baton is gone
        } catch (ControlClient.NoAnswer e) {
            rows.add(new String[] {socket.toString(), "-", "-", "-", "no answer", "-", ""});
        } catch (IOException e) {
            // not a baton, or not ours to ask
        }
    }

    /** 42s, 5m3s, 2h7m, 3d4h. */
    static String uptime(String seconds) {
        long s;
        try {
            s = Long.parseLong(seconds);
        } catch (NumberFormatException e) {
            return "?";
        }
        if (s < 60) {
            return s + "s";
        } else if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        } else if (s < 86400) {
            return s / 3600 + "h" + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d" + s % 86400 / 3600 + "h";
    }
}
