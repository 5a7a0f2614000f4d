package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handover protocol at the wire level, against a scripted old baton. */
class HandoverProtocolIT extends ItBase {

    private Baton newBaton(String protocol, String generation, Path config) {
        Baton b = Baton.startVia(dir, env(), "python3", testapp().resolveSibling("oldbaton.py").toString(), protocol,
                generation, Baton.bin().toString(), "run", "-c", config.toString());
        batons.add(b);
        return b;
    }

    private static List<String> got(Baton b) {
        return b.out().lines().toList();
    }

    @Test
    void anUnknownProtocolVersionIsRefusedCleanly() {
        Baton b = newBaton("4", "2", write("app.yaml", "command: " + app() + "\n"));
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals(List.of("got: FAIL handover protocol version 4 is not spoken by baton 0.1.0 (it speaks 1 to 3)",
                "exited 76"), got(b));
    }

    @Test
    void anInvalidConfigIsReportedAsFail() {
        Path cfg = write("app.yaml", "command: " + app() + "\nupgrade: {timeout: soon}\n");
        Baton b = newBaton("1", "2", cfg);
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals(List.of("got: FAIL config error: " + cfg + ":2: upgrade.timeout: \"soon\" is not a duration; "
                + "expected a duration such as 250ms, 5s or 1m30s", "exited 78"), got(b));
        assertEquals("", b.log(), "the new baton leaves the logging of the reason to the old one");
    }

    @Test
    void helloThenReadyThenCarryOnAfterAckAndEof() {
        Path ready = dir.resolve("ready");
        Path cfg = write("app.yaml", "command: " + app("--ready-file", ready.toString()) + "\npidfile: "
                + dir.resolve("baton.pid") + "\nhealthcheck: " + readyFileCheck(ready) + "\n");
        Baton b = newBaton("1", "7", cfg);
        Await.until("READY", Baton.START, () -> got(b).stream().anyMatch(l -> l.startsWith("got: READY")));
        List<String> lines = got(b);
        assertTrue(lines.get(0).matches("got: HELLO pid=\\d+ version=0\\.1\\.0 timeout_ms=60000"), lines.toString());
        assertTrue(lines.get(1).matches("got: READY pid=\\d+ child=\\d+ generation=7"), lines.toString());
        long newBaton = Long.parseLong(lines.get(0).replaceAll(".*pid=(\\d+).*", "$1"));
        b.awaitLog("generation=7 flip ended: the old baton has exited", Duration.ofSeconds(10));
        assertTrue(Procs.alive(newBaton), "after ACK and EOF the new baton carries on");
        Procs.kill(newBaton, "TERM");
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals("exited 0", got(b).get(got(b).size() - 1));
    }
}
