package dev.baton.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady HTTP load on loopback: threads that GET / in a loop, half with a new connection per
 * request, half with keep-alive connections (reconnecting after "Connection: close"). Paced, and
 * bounded in time and count. Every request becomes a {@link Sample}; nothing is retried.
 */
final class LoadGen implements AutoCloseable {
    enum Outcome { OK, REFUSED, RESET, TIMEOUT, NON_2XX }

    /** One request: when it started (epoch ms), how long it took, how it ended, who answered. */
    record Sample(long startMillis, long micros, Outcome outcome, long pid, boolean keepAlive) {
    }

    /**
     * What one failed request saw, for the report: when it failed (epoch ms), on which kind of
     * connection ({@code fresh}: opened for this request), and the exception or status.
     */
    record Failure(long atMillis, Outcome outcome, boolean keepAlive, boolean fresh, String error) {
    }

    /** The first failures are kept with their details; the rest are only counted in the samples. */
    static final int MAX_FAILURES = 50;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureCount = new AtomicLong();

    static final long MAX_SAMPLES = 3_000_000;
    private final int port;
    private final long paceNanos;
    private final long deadlineNanos;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong recorded = new AtomicLong(); // ConcurrentLinkedQueue.size() walks the queue
    private final List<Thread> threads = new ArrayList<>();

    LoadGen(int port, int perKind, long paceMicros, long limitSeconds) {
        this.port = port;
        this.paceNanos = paceMicros * 1000;
        this.deadlineNanos = System.nanoTime() + limitSeconds * 1_000_000_000L;
        for (int i = 0; i < perKind * 2; i++) {
            boolean keepAlive = i % 2 == 1;
            Thread t = new Thread(() -> run(keepAlive), "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private boolean going() {
        return !stop.get() && System.nanoTime() < deadlineNanos && recorded.get() < MAX_SAMPLES;
    }

    private void run(boolean keepAlive) {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + (keepAlive ? "keep-alive" : "close")
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Socket conn = null;
        while (going()) {
            LockSupport.parkNanos(paceNanos); // pacing: steady load, not a flood
            long start = System.currentTimeMillis();
            long t0 = System.nanoTime();
            boolean fresh = conn == null;
            try {
                if (conn == null) {
                    conn = new Socket();
                    conn.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    conn.setSoTimeout(10_000);
                    conn.setTcpNoDelay(true);
                }
                OutputStream out = conn.getOutputStream();
                out.write(request);
                out.flush();
                Response r = Response.read(conn.getInputStream());
                record(start, t0, r.status == 200 ? Outcome.OK : Outcome.NON_2XX, r.pid, keepAlive);
                if (r.status != 200) {
                    fail(Outcome.NON_2XX, keepAlive, fresh, "status " + r.status);
                }
                if (!keepAlive || r.close) {
                    closeQuietly(conn);
                    conn = null;
                }
            } catch (ConnectException e) {
                record(start, t0, Outcome.REFUSED, -1, keepAlive);
                fail(Outcome.REFUSED, keepAlive, fresh, e.toString());
                closeQuietly(conn);
                conn = null;
            } catch (SocketTimeoutException e) {
                record(start, t0, Outcome.TIMEOUT, -1, keepAlive);
                fail(Outcome.TIMEOUT, keepAlive, fresh, e.toString());
                closeQuietly(conn);
                conn = null;
            } catch (IOException e) {
                record(start, t0, Outcome.RESET, -1, keepAlive);
                fail(Outcome.RESET, keepAlive, fresh, e.toString());
                closeQuietly(conn);
                conn = null;
            }
        }
        closeQuietly(conn);
    }

    private void record(long start, long t0, Outcome o, long pid, boolean keepAlive) {
        samples.add(new Sample(start, (System.nanoTime() - t0) / 1000, o, pid, keepAlive));
        recorded.incrementAndGet();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void fail(Outcome o, boolean keepAlive, boolean fresh, String error) {
        if (failureCount.incrementAndGet() <= MAX_FAILURES) {
            failures.add(new Failure(System.currentTimeMillis(), o, keepAlive, fresh, error));
        }
    }

    /** The first {@link #MAX_FAILURES} failures, in the order they happened. */
    List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    long count() {
        return recorded.get();
    }

    List<Sample> samples() {
        return new ArrayList<>(samples);
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

    /** Enough HTTP/1.x for the demo app: status, Connection, Content-Length, and "pid N" in the body. */
    record Response(int status, boolean close, long pid) {
        static Response read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("closed before a full response");
                }
                head.append((char) c);
            }
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            boolean close = lines[0].startsWith("HTTP/1.0");
            for (String l : lines) {
                String lower = l.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                } else if (lower.startsWith("connection:")) {
                    close = lower.contains("close");
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("closed in the body");
            }
            String text = new String(body, StandardCharsets.UTF_8);
            long pid = -1;
            int at = text.indexOf("pid ");
            if (at >= 0) {
                int end = at + 4;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                pid = Long.parseLong(text.substring(at + 4, end));
            }
            return new Response(status, close, pid);
        }
    }
}
