package dev.baton.healthcheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A blocking server on loopback TCP or a unix socket: each accepted connection is handled on a daemon
 * thread of its own. Closing it closes the listening socket and every open connection.
 */
public final class ChannelServer implements AutoCloseable {

    /** Serves one connection; the server closes the channel when this returns. */
    public interface Handler {
        void handle(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocketChannel server;
    private final Handler handler;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private ChannelServer(ServerSocketChannel server, Handler handler, String name) {
        this.server = server;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ChannelServer tcp(Handler handler) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(new InetSocketAddress(ProbeTestSupport.LOOPBACK, 0));
        return new ChannelServer(ch, handler, "test-tcp-server");
    }

    public static ChannelServer unix(Path path, Handler handler) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        return new ChannelServer(ch, handler, "test-unix-server");
    }

    public int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    errors.add(e);
                }
                return;
            }
            open.add(ch);
            Thread t = new Thread(() -> serve(ch), "test-server-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            handler.handle(Channels.newInputStream(ch), Channels.newOutputStream(ch));
        } catch (IOException | RuntimeException | Error e) {
            if (!closed) {
                errors.add(e);
            }
        } finally {
            open.remove(ch);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    /** Reads up to and including the blank line that ends an HTTP request head. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside the request head: " + head);
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the peer closes: a server that listens and never answers. */
    public static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) {
            // the client gives up and closes: then this returns
        }
    }

    /** A handler that reads what arrives and never answers; {@code received} gets each first read. */
    public static Handler hung(BlockingQueue<String> received) {
        return (in, out) -> {
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n > 0) {
                received.add(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            drain(in);
        };
    }

    /** The next of {@code q}, waiting up to 5 seconds for it. */
    public static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(5, TimeUnit.SECONDS);
        assertNotNull(t, "nothing arrived within 5s");
        return t;
    }

    /** Problems the server ran into, for tests that want none. */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }
}
