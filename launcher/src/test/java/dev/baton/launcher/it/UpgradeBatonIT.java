package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrading baton itself from a tarball: release A installed under releases/, a `current`
 * symlink, then release B unpacked beside it and the symlink swapped; a reload runs B. Under load.
 */
class UpgradeBatonIT extends ItBase {

    @Test
    void tarballReleaseAToBThroughACurrentSymlinkUnderLoad() throws Exception {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        Path a = ReexecFlipIT.copyRelease(releases.resolve("baton-0.9.0"), "0.9.0");
        Path b = ReexecFlipIT.copyRelease(releases.resolve("baton-0.9.1"), "0.9.1");
        Path current = dir.resolve("current");
        ReexecFlipIT.swap(current, a);
        Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "train-archive").awaitExit(Duration.ofSeconds(60));

        int port = Http.freePort();
        pidfile = dir.resolve("app.pid");
        Path cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "pidfile: " + pidfile,
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}", ""));
        Baton baton = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "run", "-c", cfg.toString());
        batons.add(baton);
        baton.awaitReady();
        assertEquals("0.9.0", status(current, cfg), "release A runs");

        try (Load load = new Load(Load.tcp(port), 2, Duration.ofMinutes(3))) {
            ReexecFlipIT.swap(current, b); // what an install script does: unpack beside, swap atomically
            Baton upgrade = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "upgrade", "-c",
                    cfg.toString());
            assertEquals(0, upgrade.awaitExit(Duration.ofSeconds(60)), upgrade.log());
            long before = load.total();
            Await.until("requests after the flip", Duration.ofSeconds(20), () -> load.total() > before + 100);
            load.close();
            assertEquals(0, load.failed(), load.report());
        }
        assertEquals("0.9.1", status(current, cfg), "the running baton is release B");
        assertTrue(baton.log().contains("baton 0.9.1 starting as the new baton of a flip"), baton.log());
        assertTrue(Files.exists(a.resolve("lib/baton.jar")), "release A stays on disk: nothing was overwritten");
    }

    private String status(Path current, Path cfg) {
        Baton status = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "status", "-c", cfg.toString(),
                "--json");
        assertEquals(0, status.awaitExit(Duration.ofSeconds(30)), status.log());
        return status.out().replaceAll(".*\"version\":\"([^\"]+)\".*\\s*", "$1");
    }
}
