package dev.baton.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One request to a running baton's control socket. */
final class ControlClient {
    /** Nothing answers at the socket. */
    static final class NotRunning extends Exception {
        NotRunning(String message) {
            super(message, null, false, false);
        }
    }

    private ControlClient() {
    }

    static String ask(Path socket, String request) throws NotRunning, IOException {
        if (!Files.exists(socket)) {
            throw new NotRunning("not running (no control socket at " + socket + ")");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new NotRunning("not running (nothing answers at " + socket + ")");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            String banner = in.readLine();
            if (banner == null) {
                throw new IOException("the control socket closed without a word");
            }
            if (banner.startsWith("DENIED")) {
                return banner;
            }
            if (!banner.startsWith("BATON 1 pid=") || !isBaton(Long.parseLong(banner.substring(12).trim()))) {
                throw new IOException("what answers at " + socket + " is not baton (" + banner + ")");
            }
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = in.readLine();
            if (answer == null) {
                throw new IOException("baton closed the control connection without an answer");
            }
            return answer;
        }
    }

    /** The process really is a baton (a stale or foreign socket owner is refused). */
    static boolean isBaton(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .contains("dev.baton.launcher.Main");
        } catch (IOException e) {
            return false;
        }
    }
}
