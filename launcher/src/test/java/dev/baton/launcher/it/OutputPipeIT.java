package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code output.mode: pipe}: every line of the child, whole, once, behind its generation's prefix. */
class OutputPipeIT extends ItBase {
    /** Lines of 20 to 170 bytes, numbered, to stdout and stderr in large writes that end anywhere. */
    static final String WRITER = """
            import os, sys
            go, count = sys.argv[1], int(sys.argv[2])
            while not os.path.exists(go):
                pass
            def write(fd, data):
                while data:
                    data = data[os.write(fd, data):]
            def line(stream, i):
                return b"%s %09d %s\\n" % (stream, i, b"x" * (i % 151))
            batch = {1: [], 2: []}
            for i in range(count):
                fd = 1 if i % 10 else 2
                batch[fd].append(line(b"out" if fd == 1 else b"err", i))
                if len(batch[fd]) == 997:
                    write(fd, b"".join(batch[fd]))
                    batch[fd] = []
            for fd in (1, 2):
                write(fd, b"".join(batch[fd]))
            write(1, b"long " + b"y" * 150000 + b"\\n")
            write(1, b"out tail without newline")
            write(2, b"err tail without newline")
            os._exit(3)
            """;

    /** Prints its pid and a counter every 2 ms until SIGTERM; healthy once its ready file exists. */
    static final String TICKER = """
            import os, signal, sys, time
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            open(sys.argv[1], "w").close()
            i = 0
            while True:
                os.write(1, b"pid=%d n=%d\\n" % (os.getpid(), i))
                i += 1
                time.sleep(0.002)
            """;

    static final Pattern PREFIXED = Pattern.compile("^\\[(\\d+) (\\d+)] (.*)$");

    @Test
    void aChildWriting100MbAndDyingMidLineLosesNoLine() throws Exception {
        Path writer = write("writer.py", WRITER);
        Path go = dir.resolve("go");
        int count = 1_200_000;
        long childBytes = 0;
        for (int i = 0; i < count; i++) {
            childBytes += expectedLine("out", i).length() + 1;
        }
        assertTrue(childBytes > 100_000_000L, "the child writes more than 100 MB: " + childBytes);
        Baton baton = run(write("app.yaml", String.join("\n",
                "command: [python3, \"" + writer + "\", \"" + go + "\", \"" + count + "\"]",
                "output: {mode: pipe}",
                "healthcheck: {alive: {duration: 200ms}}", "")));
        baton.awaitReady();
        long pid = baton.childPid(1);
        Files.createFile(go);
        assertEquals(3, baton.awaitExit(Duration.ofSeconds(120)), "baton exits as its child did");

        String prefix = "[1 " + pid + "] ";
        long bytes = Files.size(baton.stdout) + Files.size(baton.stderr);
        assertTrue(bytes > childBytes, "all of it went through baton: " + bytes);
        int[] next = {0};
        int[] longPieces = {0};
        boolean[] tail = {false};
        try (BufferedReader r = Files.newBufferedReader(baton.stdout, StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.startsWith(prefix)) {
                    fail("stdout line without the prefix " + prefix + ": " + shorten(l));
                }
                String body = l.substring(prefix.length());
                if (body.startsWith("long ") || body.startsWith("y")) {
                    longPieces[0]++;
                    assertTrue(body.length() <= 64 * 1024, "a long line is cut into pieces of 64 KiB at most");
                    continue;
                }
                if (body.equals("out tail without newline")) {
                    tail[0] = true;
                    continue;
                }
                while (next[0] % 10 == 0) {
                    next[0]++;
                }
                assertEquals(expectedLine("out", next[0]), body, "stdout line " + next[0]);
                next[0]++;
            }
        }
        while (next[0] < count && next[0] % 10 == 0) {
            next[0]++;
        }
        assertEquals(count, next[0], "every stdout line arrived once, in order");
        assertEquals(3, longPieces[0], "150,005 bytes: 3 pieces of at most 64 KiB");
        assertTrue(tail[0], "the last stdout line, without a newline, arrived with the prefix");

        int errNext = 0;
        boolean errTail = false;
        for (String l : baton.log().split("\n", -1)) {
            if (l.isEmpty()) {
                continue;
            }
            if (!l.startsWith(prefix)) {
                assertTrue(l.contains(" baton[" + baton.pid() + "] "), "a stderr line is the child's or baton's log: "
                        + shorten(l));
                continue;
            }
            String body = l.substring(prefix.length());
            if (body.equals("err tail without newline")) {
                errTail = true;
                continue;
            }
            assertEquals(expectedLine("err", errNext), body, "stderr line " + errNext);
            errNext += 10;
        }
        assertEquals(count, errNext, "every stderr line arrived once, in order");
        assertTrue(errTail, "the last stderr line, without a newline, arrived with the prefix");
    }

    @Test
    void twoGenerationsLinesAreToldApartDuringAFlip() throws Exception {
        Path ticker = write("ticker.py", TICKER);
        Baton baton = run(write("app.yaml", String.join("\n",
                "command: [python3, \"" + ticker + "\", \"" + dir.resolve("ready-{{generation}}") + "\"]",
                "output: {mode: pipe, prefix: \"[{{generation}} {{child_pid}}] \"}",
                "upgrade: {mode: inplace, timeout: 20s}",
                "shutdown: {delay: 300ms, timeout: 2s}",
                "healthcheck: " + readyFileCheck(dir.resolve("ready-{{generation}}")), "")));
        baton.awaitReady();
        baton.signal("HUP");
        baton.awaitLog("flip completed", Duration.ofSeconds(20));
        baton.awaitLog("stopped: child", Duration.ofSeconds(20));
        long first = baton.childPid(1);
        long second = baton.childPid(2);
        Await.until("lines of generation 2 after the flip", Duration.ofSeconds(10),
                () -> baton.out().contains("[2 " + second + "] pid=" + second + " n=200"));
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));

        Map<Long, Long> linesOf = new HashMap<>();
        boolean interleaved = false;
        long lastGeneration = 0;
        boolean sawSecond = false;
        for (String l : baton.out().split("\n")) {
            Matcher m = PREFIXED.matcher(l);
            assertTrue(m.matches(), "every line has a prefix: " + l);
            long generation = Long.parseLong(m.group(1));
            long pid = Long.parseLong(m.group(2));
            assertEquals(generation == 1 ? first : second, pid, "generation " + generation + "'s child pid: " + l);
            assertTrue(m.group(3).matches("pid=" + pid + " n=\\d+"), "the line is its own child's, whole: " + l);
            linesOf.merge(generation, 1L, Long::sum);
            sawSecond |= generation == 2;
            interleaved |= sawSecond && generation == 1;
            lastGeneration = generation;
        }
        assertTrue(linesOf.getOrDefault(1L, 0L) > 10 && linesOf.getOrDefault(2L, 0L) > 10, "both wrote: " + linesOf);
        assertTrue(interleaved, "the old child still wrote after the new one began (shutdown.delay)");
        assertEquals(2, lastGeneration);
    }

    static String expectedLine(String stream, int i) {
        return String.format("%s %09d %s", stream, i, "x".repeat(i % 151));
    }

    static String shorten(String l) {
        return l.length() > 200 ? l.substring(0, 200) + "..." : l;
    }
}
