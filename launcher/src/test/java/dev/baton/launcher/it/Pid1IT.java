package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** baton as PID 1 of a new pid namespace, as in a container. */
class Pid1IT extends ItBase {

    @Test
    void reapsOrphansAsPid1() {
        Path cfg = write("app.yaml", "command: " + app("--orphans", "10") + "\nupgrade: {mode: inplace}\n"
                + "healthcheck: {alive: {duration: 100ms}}\n");
        List<String> cmd = new ArrayList<>(List.of("unshare"));
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("--user", "--map-root-user"));
        }
        cmd.addAll(List.of("--pid", "--fork", "--mount-proc", "--kill-child", Baton.bin().toString(), "run", "-c",
                cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().putAll(env());
        Process unshare;
        try {
            unshare = pb.start();
        } catch (Exception e) {
            throw new AssertionError("cannot run unshare (util-linux) to make a pid namespace", e);
        }
        try {
            Await.until("baton to start inside the namespace", Baton.START,
                    () -> !Procs.childrenOf(unshare.pid()).isEmpty(), () -> "\n" + String.join("\n",
                            lines(dir.resolve("out.txt"))));
            long baton = Procs.childrenOf(unshare.pid()).get(0).pid();
            Await.until("baton to be ready", Baton.START,
                    () -> lines(dir.resolve("out.txt")).stream().anyMatch(l -> l.endsWith(" ready")));
            long app = Procs.childrenOf(baton).stream().filter(s -> Procs.cmdline(s.pid()).contains("testapp.py"))
                    .findFirst().orElseThrow().pid();
            // orphans are re-parented to baton (pid 1 in the namespace): see at least one arrive
            Await.until("an orphan re-parented to baton", Duration.ofSeconds(10),
                    () -> Procs.childrenOf(baton).stream().anyMatch(s -> s.pid() != app
                            && Procs.cmdline(s.pid()).contains("testapp.py")));
            // all 10 are made within about 2 s; each exits 0.3 s later and must be reaped by baton
            Await.until("the app to finish making orphans and baton to reap them all", Duration.ofSeconds(15),
                    () -> orphansOf(baton, app) == 0 && appDone(app));
            assertEquals(0, Procs.childrenOf(baton).stream().filter(s -> s.state() == 'Z').count(), "no zombies");
            Procs.kill(baton, "TERM");
            Await.until("baton to exit", Duration.ofSeconds(10), () -> !unshare.isAlive());
            assertTrue(lines(dir.resolve("out.txt")).stream().anyMatch(l -> l.contains("received SIGTERM; stopping")));
        } finally {
            unshare.destroy();
        }
    }

    private static long orphansOf(long baton, long app) {
        return Procs.childrenOf(baton).stream().filter(s -> s.pid() != app && !Procs.cmdline(s.pid())
                .startsWith("baton-guard")).count();
    }

    /** The app's threads are idle in pause() once it has made every orphan; its own forks are gone. */
    private static boolean appDone(long app) {
        return Procs.childrenOf(app).isEmpty() && Procs.stat(app).map(s -> s.state() == 'S').orElse(false);
    }
}
