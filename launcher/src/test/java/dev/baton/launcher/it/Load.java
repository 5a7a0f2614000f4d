package dev.baton.launcher.it;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady HTTP load on loopback from client threads, bounded in time and count: GET / in a loop,
 * either a new connection per request or keep-alive connections (reconnecting after a
 * "Connection: close"). Every failure is classified; nothing is retried.
 */
final class Load implements AutoCloseable {
    enum Failure { REFUSED, RESET, TIMEOUT, NON_2XX }

    interface Connector {
        Conn open() throws IOException;
    }

    interface Conn extends AutoCloseable {
        InputStream in() throws IOException;

        OutputStream out() throws IOException;

        @Override
        void close() throws IOException;
    }

    static Connector tcp(int port) {
        return () -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            return new Conn() {
                public InputStream in() throws IOException {
                    return s.getInputStream();
                }

                public OutputStream out() throws IOException {
                    return s.getOutputStream();
                }

                public void close() throws IOException {
                    s.close();
                }
            };
        };
    }

    static Connector unix(Path path) {
        return () -> {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(path));
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            return new Conn() {
                public InputStream in() {
                    return in;
                }

                public OutputStream out() {
                    return out;
                }

                public void close() throws IOException {
                    ch.close();
                }
            };
        };
    }

    private static final long MAX_REQUESTS = 5_000_000;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong total = new AtomicLong();
    private final Map<Failure, AtomicLong> failures = new EnumMap<>(Failure.class);
    private final List<String> samples = new ArrayList<>();
    private static final java.util.regex.Pattern SERVED_BY = java.util.regex.Pattern.compile("hello from pid (\\d+)");
    private final java.util.Map<Long, AtomicLong> servedBy = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long deadline;

    /** Pause between two requests of one thread: steady load, not a flood that starves the machine. */
    private static final long PACE_NANOS = 5_000_000;

    /** Starts {@code perKind} threads with a new connection per request and as many with keep-alive. */
    Load(Connector connector, int perKind, Duration limit) {
        for (Failure f : Failure.values()) {
            failures.put(f, new AtomicLong());
        }
        deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < perKind * 2; i++) {
            boolean keepAlive = i % 2 == 1;
            Thread t = new Thread(() -> run(connector, keepAlive), "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private boolean going() {
        return !stop.get() && System.nanoTime() < deadline && total.get() < MAX_REQUESTS;
    }

    private void run(Connector connector, boolean keepAlive) {
        Conn conn = null;
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + (keepAlive ? "keep-alive" : "close")
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (going()) {
            java.util.concurrent.locks.LockSupport.parkNanos(PACE_NANOS); // pacing, not synchronisation
            boolean fresh = conn == null;
            try {
                if (conn == null) {
                    conn = connector.open();
                }
            } catch (ConnectException e) {
                fail(Failure.REFUSED, "connect: " + e.getMessage());
                continue;
            } catch (IOException e) {
                fail(Failure.REFUSED, "connect: " + e);
                continue;
            }
            try {
                conn.out().write(request);
                conn.out().flush();
                Response r = Response.read(conn.in());
                total.incrementAndGet();
                java.util.regex.Matcher who = SERVED_BY.matcher(r.body);
                if (who.find()) {
                    servedBy.computeIfAbsent(Long.parseLong(who.group(1)), pid -> new AtomicLong()).incrementAndGet();
                }
                if (r.status != 200) {
                    fail(Failure.NON_2XX, "status " + r.status);
                }
                if (!keepAlive || r.close) {
                    closeQuietly(conn);
                    conn = null;
                }
            } catch (SocketTimeoutException e) {
                total.incrementAndGet();
                fail(Failure.TIMEOUT, (fresh ? "new" : "reused") + " connection: " + e.getMessage());
                closeQuietly(conn);
                conn = null;
            } catch (IOException e) {
                total.incrementAndGet();
                fail(Failure.RESET, (fresh ? "new" : "reused") + " connection: " + e);
                closeQuietly(conn);
                conn = null;
            }
        }
        if (conn != null) {
            closeQuietly(conn);
        }
    }

    private void fail(Failure kind, String detail) {
        failures.get(kind).incrementAndGet();
        synchronized (samples) {
            if (samples.size() < 10) {
                samples.add(kind + " " + detail);
            }
        }
    }

    private static void closeQuietly(Conn c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing
        }
    }

    /** How many answers said "hello from pid {@code pid}": the requests that child served. */
    long servedBy(long pid) {
        AtomicLong n = servedBy.get(pid);
        return n == null ? 0 : n.get();
    }

    long total() {
        return total.get();
    }

    long failed(Failure kind) {
        return failures.get(kind).get();
    }

    long failed() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    String report() {
        synchronized (samples) {
            return total + " requests, failures " + failures + (samples.isEmpty() ? "" : ", e.g. " + samples);
        }
    }

    @Override
    public void close() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Just enough HTTP/1.1 to read a response with Content-Length. */
    record Response(int status, boolean close, String body) {
        static Response read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("connection closed before a full response (" + head.length() + " bytes)");
                }
                head.append((char) c);
            }
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            boolean close = false;
            for (String l : lines) {
                String lower = l.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("connection closed in the body");
            }
            if (lines[0].startsWith("HTTP/1.0")) {
                close = true;
            }
            return new Response(status, close, new String(body, StandardCharsets.UTF_8));
        }
    }
}
