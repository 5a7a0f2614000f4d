package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The completions baton ships, typed into real bash, zsh and fish on a terminal (a tmux pane):
 * TAB after {@code baton } lists the commands, after {@code baton upgrade -} its options.
 */
class CompletionIT {
    private static final Path COMPLETION = Path.of(System.getProperty("baton.home", "target/baton"), "completion")
            .toAbsolutePath();
    private static final Duration SHOWN = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Path socket;

    @BeforeEach
    void tools() {
        for (String tool : new String[] {"tmux", "bash", "zsh", "fish"}) {
            assertTrue(Files.isExecutable(Path.of("/usr/bin", tool)), tool + " is missing: ./test.sh installs it");
        }
        socket = dir.resolve("tmux.sock");
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (Files.exists(socket)) {
            tmux("kill-server"); // this test's own server only
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "tmux " + args[0] + " did not end");
        assertEquals(0, p.exitValue(), "tmux " + String.join(" ", args) + ": " + out);
        return out;
    }

    private String screen(String session) {
        try {
            return tmux("capture-pane", "-p", "-t", session);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Types {@code setup}, then {@code baton } and TABs, then {@code baton upgrade -} and TABs, checking what shows. */
    private void completes(String session, String shell, String setup) throws Exception {
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", shell);
        tmux("send-keys", "-t", session, setup, "Enter");
        tmux("send-keys", "-t", session, "echo set-up-done", "Enter");
        Await.until(shell + " to run the set-up", SHOWN, () -> screen(session).contains("\nset-up-done"),
                () -> screen(session));
        tmux("send-keys", "-t", session, "baton ", "Tab", "Tab");
        Await.until(shell + " to list baton's commands", SHOWN, () -> {
            String s = screen(session);
            return List.of("run", "check", "upgrade", "status", "version").stream()
                    .allMatch(c -> s.matches("(?s).*\\b" + c + "\\b.*"));
        }, () -> screen(session));
        tmux("send-keys", "-t", session, "C-u", "clear", "Enter");
        Await.until(shell + " to clear", SHOWN, () -> !screen(session).contains("upgrade"), () -> screen(session));
        tmux("send-keys", "-t", session, "baton upgrade -", "Tab", "Tab");
        Await.until(shell + " to list upgrade's options", SHOWN, () -> {
            String s = screen(session);
            return s.contains("--config") && s.contains("--timeout") && s.contains("--help");
        }, () -> screen(session));
    }

    @Test
    void bash() throws Exception {
        completes("bash", "bash --norc --noprofile", "source " + COMPLETION.resolve("baton"));
    }

    @Test
    void zsh() throws Exception {
        completes("zsh", "zsh -f", "fpath=(" + COMPLETION + " $fpath); autoload -U compinit; compinit -u");
    }

    @Test
    void fish() throws Exception {
        completes("fish", "fish --no-config", "source " + COMPLETION.resolve("baton.fish"));
    }
}
