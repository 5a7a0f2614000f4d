package dev.baton.core.control;

import dev.baton.core.os.linux.UnixClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the running baton of a config, with a deadline for each step: to be accepted
 * (connect, then baton's banner; a baton whose backlog is full or that no longer accepts
 * misses it) and to answer. It tries each socket where that baton may be ({@link ControlSocket}).
 */
public final class ControlClient {
    /** How long a baton may take to accept a connection and say who it is. */
    public static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(5);

    /** Nothing answers at any socket of this config. */
    public static final class NotRunning extends Exception {
        NotRunning(String message) {
            super(message, null, false, false);
        }
    }

    /** This is not root, nothing of its own answers, and root's runtime directory holds this config's socket. */
    public static final class RunsAsRoot extends Exception {
        RunsAsRoot() {
            super(null, null, false, false);
        }
    }

    /** A deadline passed: the baton did not accept in time ({@code accepted} false), or did not answer. */
    public static final class NoAnswer extends Exception {
        public final Path socket;
        public final Duration waited;
        public final boolean accepted;

        NoAnswer(Path socket, Duration waited, boolean accepted) {
            super(null, null, false, false);
            this.socket = socket;
            this.waited = waited;
            this.accepted = accepted;
        }
    }

    private ControlClient() {
    }

    /**
     * Asks the running baton of {@code config}; waits at most {@code accept} to be accepted, then
     * {@code answer}. The answer is a {@link ControlProtocol.Denied} or {@link ControlProtocol.Busy}
     * if baton turned the connection away; an answer that is no protocol line is an IOException.
     */
    public static ControlProtocol ask(Path config, Map<String, String> env, ControlProtocol request, Duration accept,
            Duration answer) throws NotRunning, RunsAsRoot, NoAnswer, IOException {
        return ask(config, env, request, accept, answer, line -> { });
    }

    /** As above, passing each {@code PROGRESS} line before the answer to {@code progress}. */
    public static ControlProtocol ask(Path config, Map<String, String> env, ControlProtocol request, Duration accept,
            Duration answer, java.util.function.Consumer<String> progress)
            throws NotRunning, RunsAsRoot, NoAnswer, IOException {
        List<Path> sockets = ControlSocket.candidates(config, env);
        NoAnswer silent = null;
        for (Path socket : sockets) {
            try {
                return ask(socket, request, accept, answer, progress);
            } catch (ConnectException e) {
                // a stale socket of a baton that is gone: try the next one
            } catch (NoAnswer e) {
                if (e.accepted) {
                    throw e;
                }
                silent = e;
            }
        }
        if (silent != null) {
            throw silent;
        }
        if (ControlSocket.runsAsRoot(config)) {
            throw new RunsAsRoot();
        }
        if (sockets.isEmpty()) {
            throw new NotRunning("not running (no control socket at " + ControlSocket.preferred(config, env) + ")");
        }
        throw new NotRunning("not running (nothing answers at " + sockets.get(0) + ")");
    }

    /** Asks whatever baton answers at {@code socket} (ConnectException: nothing does any more). */
    public static ControlProtocol ask(Path socket, ControlProtocol request, Duration accept, Duration answer)
            throws NoAnswer, IOException {
        return ask(socket, request, accept, answer, line -> { });
    }

    /** As {@link #ask(Path, ControlProtocol, Duration, Duration)}, passing each {@code PROGRESS} line to {@code progress}. */
    public static ControlProtocol ask(Path socket, ControlProtocol request, Duration accept, Duration answer,
            java.util.function.Consumer<String> progress) throws NoAnswer, IOException {
        long acceptDeadline = System.nanoTime() + accept.toNanos();
        String banner;
        try (UnixClient client = UnixClient.connect(socket, accept)) {
            try {
                banner = client.readLine(Duration.ofNanos(Math.max(0, acceptDeadline - System.nanoTime())));
            } catch (SocketTimeoutException e) {
                throw new NoAnswer(socket, accept, false);
            }
            if (banner == null) {
                throw new IOException("the control socket " + socket + " closed without a word");
            }
            Optional<ControlProtocol> hello = ControlProtocol.parse(banner);
            if (hello.isPresent() && (hello.get() instanceof ControlProtocol.Denied
                    || hello.get() instanceof ControlProtocol.Busy)) {
                return hello.get();
            }
            if (!(hello.isPresent() && hello.get() instanceof ControlProtocol.Banner b) || !isBaton(b.pid())) {
                throw new IOException("what answers at " + socket + " is not baton (" + banner + ")");
            }
            client.writeLine(request.format());
            long answerDeadline = System.nanoTime() + answer.toNanos();
            while (true) {
                String line;
                try {
                    line = client.readLine(Duration.ofNanos(Math.max(0, answerDeadline - System.nanoTime())));
                } catch (SocketTimeoutException e) {
                    throw new NoAnswer(socket, answer, true);
                }
                if (line == null) {
                    throw new IOException("baton closed the control connection without an answer");
                }
                ControlProtocol said = ControlProtocol.parse(line)
                        .orElseThrow(() -> new IOException("unexpected answer: " + line));
                if (!(said instanceof ControlProtocol.Progress p)) {
                    return said;
                }
                progress.accept(p.line());
            }
        } catch (SocketTimeoutException e) {
            throw new NoAnswer(socket, accept, false); // connect: the backlog stayed full
        }
    }

    /** The process really is a baton (a stale or foreign socket owner is refused). */
    public static boolean isBaton(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .contains("dev.baton.launcher.Main");
        } catch (IOException e) {
            return false;
        }
    }
}
