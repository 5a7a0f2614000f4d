package dev.baton.core.output;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One thread that copies one of a child's output pipes to baton's stream, line by line
 * ({@link LineSplitter}), until end of file: when the child and whatever it started that kept
 * the pipe have all closed it. Bounded memory: one read buffer and the splitter's.
 *
 * <p>Lifecycle: {@link #start} starts the thread; it ends at end of file, or when baton's stream
 * fails (then the pipe is closed, so the child's next write fails as it would have on that
 * stream itself, and {@code onFailure} is told once, after the loop). {@link #awaitEnd} waits
 * for it, before baton exits, so that the last lines of a child that just died are written.
 * Nothing is logged inside the loop.
 */
public final class OutputPump {
    static final int READ_SIZE = 64 * 1024;

    private final InputStream in;
    private final LineSplitter lines;
    private final OutputTarget target;
    private final Consumer<String> onFailure;
    private final CountDownLatch ended = new CountDownLatch(1);

    private OutputPump(InputStream in, byte[] prefix, OutputTarget target, Consumer<String> onFailure) {
        this.in = in;
        this.lines = new LineSplitter(prefix, target::write);
        this.target = target;
        this.onFailure = onFailure;
    }

    /** Starts copying {@code in} to {@code target}, each line behind {@code prefix}. */
    public static OutputPump start(String threadName, InputStream in, byte[] prefix, OutputTarget target,
            Consumer<String> onFailure) {
        OutputPump pump = new OutputPump(in, prefix, target, onFailure);
        Thread t = new Thread(pump::run, threadName);
        t.setDaemon(true);
        t.start();
        return pump;
    }

    private void run() {
        String failure = null;
        byte[] buf = new byte[READ_SIZE];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf, 0, buf.length);
                } catch (IOException e) {
                    break; // the pipe itself failed: what was read is written below
                }
                if (n < 0) {
                    break;
                }
                lines.feed(buf, 0, n);
            }
            lines.finish();
        } catch (IOException e) {
            failure = "cannot write the child's output to baton's " + target.name() + ": " + e.getMessage()
                    + "; its pipe is closed";
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more to read either way
            }
            ended.countDown();
        }
        if (failure != null) {
            onFailure.accept(failure);
        }
    }

    /** True once the pump has written everything and closed the pipe; false if {@code timeout} passed first. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }
}
