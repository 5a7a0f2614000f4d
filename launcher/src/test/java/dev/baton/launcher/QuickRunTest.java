package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuickRunTest {
    private static Optional<QuickRun.Args> of(String... args) {
        return QuickRun.parse(args);
    }

    private static Optional<QuickRun.Args> args(String config, String pidfile) {
        return Optional.of(new QuickRun.Args(Path.of(config), Optional.ofNullable(pidfile).map(Path::of)));
    }

    @Test
    void plainRunFormsTakeTheFastPath() {
        assertEquals(args("app.yaml", null), of("run", "-c", "app.yaml"));
        assertEquals(args("/etc/baton/a b.yaml", null), of("run", "--config", "/etc/baton/a b.yaml"));
        assertEquals(args("x.yaml", null), of("run", "--config=x.yaml"));
        assertEquals(args("x.yaml", "/run/baton/x.pid"), of("run", "-c", "x.yaml", "--pidfile", "/run/baton/x.pid"));
        assertEquals(args("x.yaml", "/run/x.pid"), of("run", "--pidfile=/run/x.pid", "--config=x.yaml"));
    }

    @Test
    void everythingElseGoesThroughPicocli() {
        assertEquals(Optional.empty(), of());
        assertEquals(Optional.empty(), of("run"));
        assertEquals(Optional.empty(), of("run", "-c"));
        assertEquals(Optional.empty(), of("run", "--help"));
        assertEquals(Optional.empty(), of("run", "-c", "--help"));
        assertEquals(Optional.empty(), of("run", "-c", "@args"));
        assertEquals(Optional.empty(), of("run", "-c", ""));
        assertEquals(Optional.empty(), of("run", "--config="));
        assertEquals(Optional.empty(), of("run", "-c", "a.yaml", "extra"));
        assertEquals(Optional.empty(), of("run", "-ca.yaml"));
        assertEquals(Optional.empty(), of("check", "-c", "a.yaml"));
        assertEquals(Optional.empty(), of("-c", "a.yaml", "run"));
        assertEquals(Optional.empty(), of("run", "--pidfile", "/run/x.pid"), "no config");
        assertEquals(Optional.empty(), of("run", "-c", "a.yaml", "-c", "b.yaml"), "twice: picocli says why");
        assertEquals(Optional.empty(), of("run", "-c", "a.yaml", "--pidfile"));
    }
}
