package dev.baton.launcher.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton upgrade} is validated by the running baton, in the service's environment, not in the
 * caller's: a service started with {@code DATABASE_URL} set flips from a shell without it (it
 * exited 78 before), an invalid config is refused with the running baton's own reason and exit 78,
 * and {@code baton upgrade --dry-run} says whether a flip would start and names the changed keys,
 * starting nothing. In each flip mode.
 */
class UpgradeValidationIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(60);

    private Path cfg;

    private Path config(String mode, int port, String shutdownTimeout, String upgradeTimeout) {
        cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "env: {DATABASE_URL: \"${DATABASE_URL}\"}",
                "upgrade: {mode: " + mode + ", timeout: " + upgradeTimeout + "}",
                "shutdown: {timeout: " + shutdownTimeout + "}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                ""));
        return cfg;
    }

    /** A command from a shell that lacks the service's DATABASE_URL. */
    private Baton cli(String... args) {
        Baton b = Baton.start(dir, env(), args);
        batons.add(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"inplace", "reexec"})
    void theRunningBatonValidatesInTheServicesEnvironment(String mode) {
        int port = Http.freePort();
        config(mode, port, "5s", "20s");
        Map<String, String> service = new java.util.HashMap<>(env());
        service.put("DATABASE_URL", "postgres://db.internal/app");
        Baton baton = Baton.start(dir, service, "run", "-c", cfg.toString());
        batons.add(baton);
        baton.awaitReady();

        Baton check = cli("check", "-c", cfg.toString());
        assertEquals(78, check.awaitExit(STEP), "in the caller's environment the config does not load: "
                + check.log());

        Baton flip = cli("upgrade", "-c", cfg.toString());
        assertEquals(0, flip.awaitExit(STEP), flip.log() + "\n--- baton ---\n" + baton.log());
        assertTrue(flip.out().startsWith("baton: generation 2 took over"), flip.out());

        config(mode, port, "7s", "20s");
        Baton dry = cli("upgrade", "--dry-run", "-c", cfg.toString());
        assertEquals(0, dry.awaitExit(STEP), dry.log());
        assertTrue(dry.out().startsWith("baton: a flip would start: "), dry.out());
        assertTrue(dry.out().contains("\n- shutdown.timeout: 5s\n+ shutdown.timeout: 7s\n"), dry.out());
        assertFalse(dry.out().contains("DATABASE_URL"), "an unchanged env value is not in the diff: " + dry.out());
        assertFalse(baton.log().contains("generation=3"), "a dry run starts nothing:\n" + baton.log());

        config(mode, port, "7s", "soon");
        Baton dryBad = cli("upgrade", "--dry-run", "-c", cfg.toString());
        assertEquals(78, dryBad.awaitExit(STEP), dryBad.log());
        assertTrue(dryBad.log().startsWith("baton: no flip would start: config error: ")
                && dryBad.log().contains("upgrade.timeout: \"soon\" is not a duration"), dryBad.log());

        long child = baton.childPid(2);
        Baton bad = cli("upgrade", "-c", cfg.toString());
        assertEquals(78, bad.awaitExit(STEP), bad.log() + "\n--- baton ---\n" + baton.log());
        assertTrue(bad.log().startsWith("baton: not flipping: ") && bad.log().contains("upgrade.timeout: \"soon\""),
                bad.log());
        assertEquals(1, bad.log().lines().count(), "one line: " + bad.log());
        assertTrue(Procs.alive(child), "the running generation is untouched");

        config(mode, port, "7s", "20s");
        Baton again = cli("upgrade", "-c", cfg.toString());
        assertEquals(0, again.awaitExit(STEP), again.log() + "\n--- baton ---\n" + baton.log());
        assertTrue(again.out().startsWith("baton: generation 3 took over"), "a failed flip does not advance the generation: "
                + again.out());

        var inCharge = java.util.regex.Pattern.compile("baton pid (\\d+),").matcher(again.out());
        assertTrue(inCharge.find(), again.out());
        long pid = Long.parseLong(inCharge.group(1));
        long last = baton.childPid(3);
        Procs.kill(pid, "TERM"); // the service stops: by re-exec, the baton in charge is not the one the test started
        Await.until("the service stopped", STEP, () -> !Procs.alive(pid) && !Procs.alive(last));
    }
}
