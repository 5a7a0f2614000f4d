package dev.baton.launcher.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .deb as Debian checks a package: lintian clean, the files Debian policy asks for. */
class DebPackageIT {
    private static final Path DEB = Path.of(System.getProperty("baton.deb", "target/baton_0.1.0_all.deb"));
    private static List<String> contents;

    @BeforeAll
    static void list() throws Exception {
        assertTrue(Files.isRegularFile(DEB), "no .deb at " + DEB.toAbsolutePath() + ": run mvn package");
        contents = run(60, "dpkg-deb", "--contents", DEB.toString());
    }

    private static List<String> run(int seconds, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), argv[0] + " did not end");
        return lines;
    }

    private static boolean has(String path) {
        return contents.stream().anyMatch(l -> l.endsWith(" ." + path));
    }

    @Test
    void lintianFindsNoErrorAndNoWarning() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian is missing: ./test.sh installs it");
        List<String> tags = run(300, "lintian", "--tag-display-limit", "0", DEB.toString()).stream()
                .filter(l -> l.startsWith("E: ") || l.startsWith("W: ")).toList();
        assertEquals(List.of(), tags);
    }

    @Test
    void shipsCopyrightChangelogAndNoNativeCode() {
        for (String path : new String[] {"/usr/share/doc/baton/copyright", "/usr/share/doc/baton/changelog.gz",
                "/usr/share/doc/baton/CHANGELOG.md.gz", "/usr/share/man/man1/baton.1.gz",
                "/usr/share/man/man5/baton.yaml.5.gz", "/usr/share/doc/baton/docs/config.md",
                "/usr/share/bash-completion/completions/baton", "/usr/share/zsh/vendor-completions/_baton",
                "/usr/share/fish/vendor_completions.d/baton.fish", "/lib/systemd/system/baton@.service",
                "/usr/lib/baton/lib/baton.jar", "/usr/lib/baton/bin/baton"}) {
            assertTrue(has(path), path + " is not in the package");
        }
        assertFalse(contents.stream().anyMatch(l -> l.endsWith(".so")), "jffi's library comes from libjffi-jni");
    }

    @Test
    void dependsOnDebiansJffiAndARealJavaFirst() throws Exception {
        String depends = run(60, "dpkg-deb", "--field", DEB.toString(), "Depends").get(0);
        assertTrue(depends.startsWith("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), depends);
        assertTrue(depends.contains("libjffi-jni (>= 1.3.9)"), depends);
        assertTrue(depends.contains("util-linux (>= 2.33)"), depends);
    }
}
