package dev.baton.core.notify;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * sd_notify over {@code NOTIFY_SOCKET}, a unix datagram socket: a path, or an abstract name
 * written {@code @name}. Sent with jnr-unixsocket, since the JDK can send neither datagrams on
 * unix sockets nor to abstract names.
 */
public final class SystemdNotifier implements Notifier {
    private final UnixSocketAddress address;
    private UnixDatagramChannel channel;

    private SystemdNotifier(UnixSocketAddress address) {
        this.address = address;
    }

    /** The notifier for {@code NOTIFY_SOCKET}, or {@link Notifier#NONE} if it is unset or unusable. */
    public static Notifier fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty() || !(socket.startsWith("/") || socket.startsWith("@"))) {
            return NONE;
        }
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        return new SystemdNotifier(new UnixSocketAddress(path));
    }

    @Override
    public synchronized void send(String message) {
        try {
            if (channel == null) {
                channel = UnixDatagramChannel.open();
            }
            channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), address);
        } catch (IOException | RuntimeException e) {
            // the service manager went away or never listened: nothing to tell
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }
}
