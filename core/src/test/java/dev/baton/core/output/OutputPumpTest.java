package dev.baton.core.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pump's thread: to end of file, back-pressure, and a target that fails. */
class OutputPumpTest {
    static final byte[] PREFIX = "[1 7] ".getBytes(StandardCharsets.UTF_8);

    @Test
    void copiesToEndOfFileThenClosesThePipe() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] closed = new boolean[1];
        InputStream in = new ByteArrayInputStream("a\nb\nno newline".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        OutputPump pump = OutputPump.start("test-pump", in, PREFIX, new OutputTarget("test", out), m -> { });
        assertTrue(pump.awaitEnd(Duration.ofSeconds(10)));
        assertEquals("[1 7] a\n[1 7] b\n[1 7] no newline\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(closed[0], "the pipe is closed at the end");
    }

    /**
     * While baton's stream blocks, the pump reads nothing more: the child's pipe fills and its
     * writes block. Nothing is buffered beyond one read.
     */
    @Test
    void aBlockedTargetStopsTheReads() throws Exception {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) (i % 10 == 9 ? '\n' : 'x');
                }
                read.addAndGet(len);
                return len;
            }
        };
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> writer = new ArrayList<>();
        OutputStream blocking = new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writer.add(Thread.currentThread());
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException("interrupted");
                }
                throw new IOException("Broken pipe");
            }
        };
        String[] failure = new String[1];
        CountDownLatch told = new CountDownLatch(1);
        OutputPump pump = OutputPump.start("test-pump", endless, PREFIX, new OutputTarget("stdout", blocking), m -> {
            failure[0] = m;
            told.countDown();
        });
        entered.await();
        Thread t = writer.get(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, t.getState(), "the pump waits in the blocked write");
        assertEquals(OutputPump.READ_SIZE, read.get(), "one read, then nothing while the write blocks");
        assertFalse(pump.ended());
        release.countDown();
        assertTrue(pump.awaitEnd(Duration.ofSeconds(10)));
        told.await();
        assertEquals("cannot write the child's output to baton's stdout: Broken pipe; its pipe is closed", failure[0]);
    }
}
