package dev.baton.core.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/** Whole lines, behind the prefix, whatever the read boundaries. */
class LineSplitterTest {
    static final byte[] PREFIX = "[2 42] ".getBytes(StandardCharsets.UTF_8);

    /** What the sink got: every call recorded, so that tests can check no call splits a line. */
    static final class Recorder implements LineSplitter.Sink {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final List<byte[]> calls = new ArrayList<>();

        @Override
        public void write(byte[] b, int off, int len) {
            all.write(b, off, len);
            byte[] call = new byte[len];
            System.arraycopy(b, off, call, 0, len);
            calls.add(call);
        }

        String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    static String split(LineSplitter s, Recorder r, String... chunks) throws Exception {
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            s.feed(b, 0, b.length);
        }
        s.finish();
        return r.text();
    }

    @Test
    void aLineSplitAcrossReadsIsWrittenWholeAndALastLineWithoutNewlineGetsOne() throws Exception {
        Recorder r = new Recorder();
        LineSplitter s = new LineSplitter(PREFIX, r);
        byte[] one = "alpha\nbe".getBytes(StandardCharsets.UTF_8);
        s.feed(one, 0, one.length);
        assertEquals("[2 42] alpha\n", r.text(), "be is held until its line is complete");
        assertEquals(List.of("[2 42] alpha\n"), r.calls.stream().map(String::new).toList());
        byte[] two = "ta\n\ngam".getBytes(StandardCharsets.UTF_8);
        s.feed(two, 0, two.length);
        s.finish();
        assertEquals("[2 42] alpha\n[2 42] beta\n[2 42] \n[2 42] gam\n", r.text());
    }

    @Test
    void finishWithNothingOpenWritesNothing() throws Exception {
        Recorder r = new Recorder();
        assertEquals("", split(new LineSplitter(PREFIX, r), r));
        assertEquals(0, r.calls.size());
    }

    @Test
    void aLongLineIsCutIntoPiecesEachWithThePrefix() throws Exception {
        Recorder r = new Recorder();
        String text = split(new LineSplitter(PREFIX, 8, r), r, "0123", "456789abcdefghij", "k\nshort\n");
        assertEquals("[2 42] 01234567\n[2 42] 89abcdef\n[2 42] ghijk\n[2 42] short\n", text);
        r = new Recorder();
        text = split(new LineSplitter(PREFIX, 8, r), r, "0123456789abcdefghijk\n");
        assertEquals("[2 42] 01234567\n[2 42] 89abcdef\n[2 42] ghijk\n", text, "the same when it came in one read");
    }

    @Test
    void aCutNeverSplitsAUtf8Sequence() throws Exception {
        Recorder r = new Recorder();
        // 6 ASCII bytes, then a 3-byte euro sign across the 8-byte boundary
        String text = split(new LineSplitter(PREFIX, 8, r), r, "abcdef\u20acgh\n");
        assertEquals("[2 42] abcdef\n[2 42] \u20acgh\n", text);
        assertEquals(6, LineSplitter.utf8Cut("abcdef\u20ac".getBytes(StandardCharsets.UTF_8), 8));
        assertEquals(8, LineSplitter.utf8Cut("abcde\u20ac".getBytes(StandardCharsets.UTF_8), 8));
        assertEquals(4, LineSplitter.utf8Cut("abcd\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), 7));
    }

    @Test
    void batchesStayWithinPipeBufAndALongerLineIsOneWriteOfItsOwn() throws Exception {
        Recorder r = new Recorder();
        LineSplitter s = new LineSplitter(PREFIX, r);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        sb.append("x".repeat(10_000)).append('\n');
        split(s, r, sb.toString());
        for (byte[] call : r.calls) {
            assertEquals('\n', call[call.length - 1], "every write ends a line");
            assertTrue(call.length <= LineSplitter.BATCH || new String(call).lines().count() == 1,
                    "a write above PIPE_BUF holds one line: " + call.length);
        }
        assertArrayEquals((new String(PREFIX) + "x".repeat(10_000) + "\n").getBytes(), r.calls.get(r.calls.size() - 1));
    }

    /** Any text, fed in any pieces, comes out as its lines, each behind the prefix, cut at maxLine. */
    @Test
    void anyTextInAnyPiecesComesOutLineByLine() {
        qt().withExamples(1000)
                .forAll(lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 30)).ofSizeBetween(0, 30),
                        lists().of(integers().between(1, 50)).ofSizeBetween(1, 10),
                        integers().between(4, 20))
                .checkAssert((parts, sizes, maxLine) -> {
                    String text = String.join("\n", parts);
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    Recorder r = new Recorder();
                    LineSplitter s = new LineSplitter(PREFIX, maxLine, r);
                    try {
                        int off = 0;
                        for (int i = 0; off < bytes.length; i++) {
                            int n = Math.min(sizes.get(i % sizes.size()), bytes.length - off);
                            s.feed(bytes, off, n);
                            off += n;
                        }
                        s.finish();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertEquals(expected(text, maxLine), r.text(), () -> "text " + text + " in " + sizes);
                });
    }

    /** The oracle: split at newlines, cut each line into maxLine pieces (ASCII here), prefix each. */
    static String expected(String text, int maxLine) {
        if (text.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            int i = 0;
            do {
                int end = Math.min(line.length(), i + maxLine);
                sb.append(new String(PREFIX)).append(line, i, end).append('\n');
                i = end;
            } while (i < line.length());
        }
        return sb.toString();
    }
}
