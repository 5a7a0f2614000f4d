package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quick start, as written: the built baton runs examples/hello/baton.yaml, curl gets
 * "hello from pid N", {@code baton upgrade -c examples/hello/baton.yaml} flips it and exits 0, and curl
 * then gets the new child's pid. (The README's port 8080 is HELLO_PORT here, so that a busy 8080 on
 * the test machine can't fail it; the example reads it.)
 */
class QuickStartIT extends ItBase {
    private static final Pattern HELLO = Pattern.compile("^hello from pid (\\d+)");

    private static Path example() {
        return Path.of(System.getProperty("baton.examples", "../examples")).toAbsolutePath().normalize()
                .resolve("hello/baton.yaml");
    }

    private static long servedBy(int port) {
        Optional<String> body = Http.get(port, "/");
        Matcher m = HELLO.matcher(body.orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void helloRunsAndBatonUpgradeFlipsItToANewChild() {
        assertTrue(Files.isRegularFile(example()), "no " + example());
        int port = Http.freePort();
        Map<String, String> env = env();
        env.put("HELLO_PORT", Integer.toString(port));
        Baton baton = Baton.start(dir, env, "run", "-c", example().toString());
        batons.add(baton);
        baton.awaitReady();
        long first = servedBy(port);
        assertEquals(baton.childPid(1), first, "curl http://127.0.0.1:PORT/ answers hello from the child's pid");

        Baton upgrade = Baton.start(dir, env, "upgrade", "-c", example().toString());
        batons.add(upgrade);
        assertEquals(0, upgrade.awaitExit(Duration.ofSeconds(60)), "baton upgrade: " + upgrade.log()
                + "\n--- baton run ---\n" + baton.log());

        long second = servedBy(port);
        assertNotEquals(first, second, "after the flip a new child answers");
        assertEquals(baton.childPid(2), second, "the new child is generation 2's");
    }
}
