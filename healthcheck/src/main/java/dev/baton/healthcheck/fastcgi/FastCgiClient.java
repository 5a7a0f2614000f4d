package dev.baton.healthcheck.fastcgi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sends one FastCGI request and reads the answer, all within one deadline, on non-blocking channels. */
final class FastCgiClient {

    /** The exchange ran out of time in the phase named. */
    static final class TimeoutException extends IOException {
        TimeoutException(String phase) {
            super(phase, null);
        }
    }

    private FastCgiClient() {
    }

    static FastCgiResponse.Result exchange(FastCgiAddress address, Map<String, String> params, Duration timeout,
            FastCgiResponse response) throws IOException, FastCgiResponse.ProtocolException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketAddress target = address.unix().isPresent()
                ? UnixDomainSocketAddress.of(address.unix().get())
                : new InetSocketAddress(address.host(), address.port());
        try (SocketChannel ch = address.unix().isPresent() ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open(); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, 0);
            if (!ch.connect(target)) {
                key.interestOps(SelectionKey.OP_CONNECT);
                await(selector, deadline, "connecting");
                ch.finishConnect();
            }
            ByteBuffer out = ByteBuffer.wrap(FastCgiRequest.encode(params));
            key.interestOps(SelectionKey.OP_WRITE);
            while (out.hasRemaining()) {
                await(selector, deadline, "sending the request");
                ch.write(out);
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (true) {
                await(selector, deadline, "waiting for the answer");
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    throw new FastCgiResponse.ProtocolException("the server closed the connection before "
                            + "END_REQUEST");
                }
                Optional<FastCgiResponse.Result> r = response.feed(in.array(), n);
                if (r.isPresent()) {
                    return r.get();
                }
            }
        }
    }

    private static void await(Selector selector, long deadline, String phase) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new TimeoutException(phase);
            }
            if (selector.select(left) > 0) {
                selector.selectedKeys().clear();
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException();
            }
        }
    }
}
