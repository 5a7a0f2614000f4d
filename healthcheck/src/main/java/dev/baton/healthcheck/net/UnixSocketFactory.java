package dev.baton.healthcheck.net;

import jnr.unixsocket.UnixSocket;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * Sockets that connect to one unix socket path whatever address they are asked for, so OkHttp can
 * speak HTTP (and TLS) over a unix socket. Reads time out through SO_RCVTIMEO (OkHttp's read timeout).
 */
public final class UnixSocketFactory extends SocketFactory {
    private final Path path;

    public UnixSocketFactory(Path path) {
        this.path = path;
    }

    @Override
    public Socket createSocket() throws IOException {
        UnixSocketChannel channel = UnixSocketChannel.create();
        return new UnixSocket(channel) {
            @Override
            public void connect(SocketAddress ignored, int timeout) throws IOException {
                super.connect(new UnixSocketAddress(path.toFile()), timeout);
            }

            @Override
            public void connect(SocketAddress ignored) throws IOException {
                super.connect(new UnixSocketAddress(path.toFile()));
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(null);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket((String) null, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket((String) null, port);
    }
}
