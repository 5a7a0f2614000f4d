package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuickRunTest {
    private static Optional<Path> of(String... args) {
        return QuickRun.configOf(args);
    }

    @Test
    void plainRunFormsTakeTheFastPath() {
        assertEquals(Optional.of(Path.of("app.yaml")), of("run", "-c", "app.yaml"));
        assertEquals(Optional.of(Path.of("/etc/baton/a b.yaml")), of("run", "--config", "/etc/baton/a b.yaml"));
        assertEquals(Optional.of(Path.of("x.yaml")), of("run", "--config=x.yaml"));
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
    }
}
