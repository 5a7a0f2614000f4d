import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Java HTTP app that takes its listening sockets from baton (systemd socket activation).
 *
 * <p>Java 17's {@code System.inheritedChannel()} only sees fd 0. {@link BatonListeners} (below,
 * copy it into your app) turns fds 3, 4, ... into {@link ServerSocketChannel}s. It needs two JVM
 * options, because it uses JDK internals:
 *
 * <pre>--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED</pre>
 *
 * <p>HTTP/1.1 keep-alive. On SIGTERM it stops accepting, answers the next request on each open
 * connection with "Connection: close", and exits once they are closed (or after 10 s).
 *
 * <p>Run it: {@code baton run -c examples/listeners/java/baton.yaml}
 */
public class App {
    static final long PID = ProcessHandle.current().pid();
    static final Set<SocketChannel> OPEN = ConcurrentHashMap.newKeySet();
    static volatile boolean draining;

    public static void main(String[] args) throws Exception {
        Map<String, ServerSocketChannel> listeners = BatonListeners.inherited();
        List<Thread> acceptors = new ArrayList<>();
        for (Map.Entry<String, ServerSocketChannel> e : listeners.entrySet()) {
            Thread t = new Thread(() -> acceptLoop(e.getValue(), e.getKey()), "accept-" + e.getKey());
            t.start();
            acceptors.add(t);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(listeners, acceptors)));
        System.out.println("App.java: pid " + PID + " serving " + String.join(", ", listeners.keySet()));
    }

    /** Blocking accept. Closing the channel (our copy only) wakes it; baton keeps the socket open. */
    static void acceptLoop(ServerSocketChannel listener, String name) {
        while (true) {
            SocketChannel conn;
            try {
                conn = listener.accept();
            } catch (IOException e) {
                return;
            }
            OPEN.add(conn);
            Thread t = new Thread(() -> serve(conn, name));
            t.setDaemon(true);
            t.start();
        }
    }

    static void drain(Map<String, ServerSocketChannel> listeners, List<Thread> acceptors) {
        draining = true;
        for (ServerSocketChannel l : listeners.values()) {
            try {
                l.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(); // no accept in flight after this: what is queued goes to the next generation
            } catch (InterruptedException e) {
                return;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!OPEN.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.out.println("App.java: pid " + PID + " drained");
    }

    static void serve(SocketChannel conn, String name) {
        try (conn; InputStream in = Channels.newInputStream(conn); OutputStream out = Channels.newOutputStream(conn)) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] requestLine = head.split("\r\n", 2)[0].split(" ");
                String path = requestLine.length > 1 ? requestLine[1] : "/";
                boolean close = draining || head.toLowerCase().contains("\r\nconnection: close")
                        || head.startsWith("HTTP/1.0", head.indexOf("\r\n") - 8);
                String body = path.equals("/health") ? "pid=" + PID : "hello from java pid " + PID + " (" + name + ")";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: " + (close ? "close" : "keep-alive") + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        } finally {
            OPEN.remove(conn);
        }
    }

    /** The request head (GET requests: no body), or null at end of stream. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                return sb.toString();
            }
        }
        return null;
    }

    /**
     * Adopts the listening sockets baton (or systemd) passes: LISTEN_FDS sockets from fd 3, named
     * by LISTEN_FDNAMES, meant for this process if LISTEN_PID is its pid. Copy this class into your
     * app. Needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens
     * java.base/java.io=ALL-UNNAMED}.
     */
    static final class BatonListeners {
        private BatonListeners() {
        }

        /** Name to channel, in fd order; empty if nothing was passed to this process. */
        static Map<String, ServerSocketChannel> inherited() throws IOException {
            Map<String, ServerSocketChannel> out = new java.util.LinkedHashMap<>();
            String pid = System.getenv("LISTEN_PID");
            if (pid == null || !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
                return out;
            }
            int count = Integer.parseInt(System.getenv().getOrDefault("LISTEN_FDS", "0"));
            String[] names = System.getenv().getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
            for (int i = 0; i < count; i++) {
                String name = i < names.length && !names[i].isEmpty() ? names[i] : "fd" + (3 + i);
                out.put(name, channel(3 + i));
            }
            return out;
        }

        /** A ServerSocketChannel over an inherited, listening fd. */
        static ServerSocketChannel channel(int fd) throws IOException {
            try {
                FileDescriptor descriptor = new FileDescriptor();
                Field field = FileDescriptor.class.getDeclaredField("fd");
                field.setAccessible(true);
                field.setInt(descriptor, fd);
                Class<?> inherited = Class.forName("sun.nio.ch.InheritedChannel");
                Method family = inherited.getDeclaredMethod("addressFamily", int.class);
                family.setAccessible(true);
                int af = (int) family.invoke(null, fd);
                ProtocolFamily pf = af == staticInt(inherited, "AF_INET6") ? StandardProtocolFamily.INET6
                        : af == staticInt(inherited, "AF_UNIX") ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
                Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
                Constructor<?> ctor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                        FileDescriptor.class, boolean.class);
                ctor.setAccessible(true);
                return (ServerSocketChannel) ctor.newInstance(SelectorProvider.provider(), pf, descriptor, true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot adopt fd " + fd + " (run with --add-opens java.base/sun.nio.ch="
                        + "ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED): " + e, e);
            }
        }

        private static int staticInt(Class<?> c, String name) throws ReflectiveOperationException {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(null);
        }
    }
}
