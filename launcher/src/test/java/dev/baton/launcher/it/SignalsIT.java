package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signals: forwarding, stopping, Ctrl-Z/Ctrl-C on a terminal, and baton's own death. */
class SignalsIT extends ItBase {

    Path record;

    private Baton recordingBaton(String upgradeSignal, String... flags) {
        record = dir.resolve("signals.log");
        Path ready = dir.resolve("ready");
        String[] all = new String[flags.length + 4];
        all[0] = "--record";
        all[1] = record.toString();
        all[2] = "--ready-file";
        all[3] = ready.toString();
        System.arraycopy(flags, 0, all, 4, flags.length);
        Path cfg = write("app.yaml", "command: " + app(all) + "\nupgrade: {mode: inplace, signal: " + upgradeSignal
                + "}\nshutdown: {timeout: 1s}\nhealthcheck: " + readyFileCheck(ready) + "\n");
        Baton baton = run(cfg);
        baton.awaitReady();
        return baton;
    }

    private List<String> received(long pid) {
        return lines(record).stream().filter(l -> l.startsWith(pid + " ")).map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
    }

    @Test
    void eachForwardedSignalReachesTheChildOnce() {
        Baton baton = recordingBaton("SIGHUP");
        long child = baton.childPid(1);
        List<String> forwarded = List.of("USR1", "USR2", "WINCH", "TTIN", "TTOU", "CONT", "ALRM", "PWR");
        for (int i = 0; i < forwarded.size(); i++) {
            String sig = forwarded.get(i);
            baton.signal(sig);
            int n = i + 1;
            Await.until("SIG" + sig + " at the child", Duration.ofSeconds(5), () -> received(child).size() >= n);
        }
        // a last one, so that any duplicate of the earlier ones would have shown up by now
        baton.signal("USR1");
        Await.until("the last USR1", Duration.ofSeconds(5), () -> Collections.frequency(received(child), "USR1") == 2);
        List<String> got = received(child);
        assertEquals(forwarded.size() + 1, got.size(), "each signal once: " + got);
        for (String sig : forwarded) {
            assertEquals(sig.equals("USR1") ? 2 : 1, Collections.frequency(got, sig), sig + " in " + got);
        }
        assertTrue(Procs.alive(baton.pid()));
    }

    @Test
    void hupIsForwardedWhenItIsNotTheUpgradeSignal() {
        Baton baton = recordingBaton("USR1");
        long child = baton.childPid(1);
        baton.signal("HUP");
        Await.until("SIGHUP at the child", Duration.ofSeconds(5), () -> received(child).contains("HUP"));
        baton.signal("WINCH");
        Await.until("SIGWINCH at the child", Duration.ofSeconds(5), () -> received(child).contains("WINCH"));
        assertEquals(List.of("HUP", "WINCH"), received(child));
        assertEquals(0, baton.count("flip initiated"), "HUP did not flip");
    }

    @Test
    void batonStoppedWhileChildIgnoresTermEscalatesToKill() {
        Baton baton = recordingBaton("HUP", "--ignore", "TERM");
        long child = baton.childPid(1);
        baton.signal("TERM");
        // the child ignored TERM and was SIGKILLed after shutdown.timeout; baton dies the same way
        assertEquals(128 + 9, baton.awaitExit(Duration.ofSeconds(15)));
        assertEquals(List.of("TERM"), received(child));
        assertTrue(baton.log().contains("process group still running 1s after SIGTERM; sending SIGKILL"), baton.log());
        assertFalse(Procs.alive(child));
    }

    @Test
    void intStopsTheChildWithShutdownSignal() {
        Baton baton = recordingBaton("HUP");
        long child = baton.childPid(1);
        baton.signal("INT");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(15)));
        assertEquals(List.of("TERM"), received(child), "INT makes baton stop the child with shutdown.signal");
    }

    @Test
    void sigkilledBatonTakesItsChildAndWorkersWithIt() {
        Baton baton = recordingBaton("HUP", "--workers", "2");
        long child = baton.childPid(1);
        Await.until("2 workers", Duration.ofSeconds(5), () -> Procs.group(child).size() == 3);
        List<Long> group = Procs.group(child).stream().map(Procs.Stat::pid).toList();
        long guard = Procs.childrenOf(baton.pid()).stream().filter(s -> Procs.cmdline(s.pid()).startsWith("baton-guard"))
                .findFirst().orElseThrow().pid();
        baton.signal("KILL");
        Await.until("the child and its workers to die", Duration.ofSeconds(5),
                () -> group.stream().noneMatch(Procs::alive));
        Await.until("baton-guard to exit", Duration.ofSeconds(5), () -> !Procs.alive(guard));
    }

    @Test
    void ctrlZAndCtrlCOnATerminal() throws Exception {
        Path ready = dir.resolve("ready");
        Path cfg = write("app.yaml", "command: " + app("--ready-file", ready.toString())
                + "\nupgrade: {mode: inplace}\nhealthcheck: " + readyFileCheck(ready) + "\n");
        Path tty = dir.resolve("tty.log");
        ProcessBuilder pb = new ProcessBuilder("python3", testapp().resolveSibling("ptydrive.py").toString(),
                tty.toString(), Baton.bin().toString(), "run", "-c", cfg.toString());
        pb.environment().putAll(env());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process driver = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(driver.getOutputStream(),
                StandardCharsets.UTF_8)) {
            long batonPid = Long.parseLong(out.readLine().substring(4));
            Await.until("baton ready on the terminal", Baton.START, () -> lines(tty).stream()
                    .anyMatch(l -> l.endsWith(" ready") || l.endsWith(" ready\r")));
            long child = Procs.childrenOf(batonPid).stream()
                    .filter(s -> Procs.cmdline(s.pid()).contains("testapp.py")).findFirst().orElseThrow().pid();

            in.write("ctrl-z\n");
            in.flush();
            Await.until("baton and child stopped", Duration.ofSeconds(5),
                    () -> state(batonPid) == 'T' && state(child) == 'T');

            in.write("fg\n");
            in.flush();
            Await.until("baton and child running again", Duration.ofSeconds(5),
                    () -> state(batonPid) != 'T' && state(child) != 'T');

            in.write("ctrl-c\nwait\n");
            in.flush();
            assertEquals("exited 0", out.readLine(), "the child stopped cleanly and baton exited with its status");
        } finally {
            driver.destroy();
            driver.waitFor();
        }
    }

    private static char state(long pid) {
        return Procs.stat(pid).map(Procs.Stat::state).orElse('?');
    }
}
