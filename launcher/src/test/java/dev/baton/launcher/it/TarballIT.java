package dev.baton.launcher.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release tarball holds what the README's "Install" says it does, with the right modes. */
class TarballIT {
    private static final Path TARBALL = Path.of(System.getProperty("baton.tarball", "target/baton-0.1.0.tar.gz"));
    private static List<String> listing;
    private static String top;

    @BeforeAll
    static void list() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "no tarball at " + TARBALL.toAbsolutePath() + ": run mvn package");
        listing = tar("tvzf");
        top = tar("tzf").get(0).split("/")[0];
    }

    private static List<String> tar(String flags) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", flags, TARBALL.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tar did not end");
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }

    /** The mode string of {@code top/path}, or fails naming what is missing. */
    private static String mode(String path) {
        for (String line : listing) {
            if (line.endsWith(" " + top + "/" + path)) {
                return line.substring(0, 10);
            }
        }
        throw new AssertionError(path + " is not in " + TARBALL);
    }

    @Test
    void holdsWhatTheReadmeSays() {
        assertEquals("-rwxr-xr-x", mode("bin/baton"));
        for (String file : new String[] {"lib/baton.jar", "lib/native/x86_64-Linux/libjffi-1.2.so",
                "lib/native/aarch64-Linux/libjffi-1.2.so", "man/baton.1", "man/baton.yaml.5", "docs/config.md", "docs/flips.md", "completion/baton", "completion/_baton",
                "completion/baton.fish",
                "systemd/baton@.service", "README.md", "CHANGELOG.md", "LICENSE", "plugins/README",
                "examples/hello/baton.yaml"}) {
            assertTrue(mode(file).startsWith("-rw-r--r--") || mode(file).startsWith("-rwxr-xr-x"),
                    file + " is " + mode(file));
        }
    }

    @Test
    void hasNoBuildLeftovers() {
        List<String> leftovers = new ArrayList<>();
        for (String line : listing) {
            if (line.contains("/target/") || line.endsWith(".jsa") || line.endsWith(".class")) {
                leftovers.add(line);
            }
        }
        assertEquals(List.of(), leftovers);
    }

    @Test
    void templateUnitRunsTheCurrentRelease() throws Exception {
        Process p = new ProcessBuilder("tar", "-xzOf", TARBALL.toString(), top + "/systemd/baton@.service").start();
        String unit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(unit.contains("\nExecStart=/opt/baton/current/bin/baton run -c /etc/baton/%i.yaml"
                + " --pidfile /run/baton/%i.pid\n"), unit);
        assertTrue(unit.contains("\nExecReload=/opt/baton/current/bin/baton upgrade -c /etc/baton/%i.yaml\n"), unit);
        assertFalse(unit.contains("/opt/baton/bin/"), unit);
    }
}
