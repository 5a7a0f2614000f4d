package dev.baton.core.supervisor;

import dev.baton.core.spi.Quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The tail of a hook's stdout and stderr, as whole lines in the order they arrived: at most
 * {@link #MAX_LINES} lines of at most {@link #MAX_LINE} bytes each are kept, the rest only counted,
 * so memory stays bounded whatever the hook writes. Each stream is read to its end by a thread of
 * its own ({@link #read}); the lines are logged once the hook has ended, never while it runs.
 */
final class HookOutput {
    static final int MAX_LINES = 20;
    static final int MAX_LINE = 1024;

    private final Deque<String> tail = new ArrayDeque<>();
    private long dropped;

    /** Reads {@code stream} to its end on a daemon thread named {@code name}, then closes it. */
    Thread read(String name, InputStream stream) {
        Thread t = new Thread(() -> {
            try (InputStream in = stream) {
                pump(in);
            } catch (IOException e) {
                add("(output unreadable: " + e.getMessage() + ")");
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void pump(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    add(line);
                    line.reset();
                } else if (line.size() < MAX_LINE) {
                    line.write(buf[i]);
                }
            }
        }
        if (line.size() > 0) {
            add(line);
        }
    }

    private void add(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        add(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
    }

    synchronized void add(String line) {
        tail.addLast(Quote.clean(line));
        if (tail.size() > MAX_LINES) {
            tail.removeFirst();
            dropped++;
        }
    }

    /** The lines kept, oldest first. */
    synchronized List<String> lines() {
        return List.copyOf(tail);
    }

    /** How many earlier lines were not kept. */
    synchronized long dropped() {
        return dropped;
    }

    /** The last line that is not blank: what a failed gate gives as its reason. */
    synchronized Optional<String> lastLine() {
        var it = tail.descendingIterator();
        while (it.hasNext()) {
            String s = it.next().strip();
            if (!s.isEmpty()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
