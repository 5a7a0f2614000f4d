package dev.baton.healthcheck.fastcgi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes of a FastCGI request, and reading an answer that arrives in pieces. */
class FastCgiCodecTest {
    static final String PONG = "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\npong";

    /** One record as read back from encoded bytes. */
    record Rec(int version, int type, int requestId, byte[] content, int padding) {
    }

    /** Splits {@code b} into records, checking that each one's padding is zeros. */
    static List<Rec> records(byte[] b) {
        List<Rec> out = new ArrayList<>();
        int off = 0;
        while (off < b.length) {
            int length = ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
            int padding = b[off + 6] & 0xff;
            assertEquals(0, b[off + 7], "reserved byte");
            byte[] content = Arrays.copyOfRange(b, off + 8, off + 8 + length);
            for (int i = 0; i < padding; i++) {
                assertEquals(0, b[off + 8 + length + i], "padding byte");
            }
            out.add(new Rec(b[off] & 0xff, b[off + 1] & 0xff, ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff),
                    content, padding));
            off += 8 + length + padding;
        }
        assertEquals(b.length, off, "records end where the bytes end");
        return out;
    }

    static byte[] record(int type, byte[] content, int padding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, (byte) type, 0, 1, (byte) (content.length >>> 8), (byte) content.length,
                (byte) padding, 0});
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
        return out.toByteArray();
    }

    static byte[] stdout(String text) {
        byte[] c = text.getBytes(StandardCharsets.UTF_8);
        return record(FastCgiRequest.STDOUT, c, (8 - c.length % 8) % 8);
    }

    static byte[] end(int appStatus, int protocolStatus) {
        return record(FastCgiRequest.END_REQUEST, new byte[] {(byte) (appStatus >>> 24), (byte) (appStatus >>> 16),
                (byte) (appStatus >>> 8), (byte) appStatus, (byte) protocolStatus, 0, 0, 0}, 0);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] answer(String stdout) {
        return concat(stdout(stdout), stdout(""), end(0, 0));
    }

    // ---- the request

    @Test
    void aRequestWithoutParamsIsFourRecords() {
        assertArrayEquals(new byte[] {
            1, 1, 0, 1, 0, 8, 0, 0, /* BEGIN_REQUEST: */ 0, 1, 0, 0, 0, 0, 0, 0,
            1, 4, 0, 1, 0, 0, 0, 0, // empty PARAMS
            1, 5, 0, 1, 0, 0, 0, 0, // empty STDIN
        }, FastCgiRequest.encode(Map.of()));
    }

    @Test
    void shortParamsUseOneByteLengthsAndArePadded() {
        byte[] b = FastCgiRequest.encode(Map.of("A", "bc"));
        assertArrayEquals(new byte[] {1, 4, 0, 1, 0, 5, 3, 0, 1, 2, 'A', 'b', 'c', 0, 0, 0},
                Arrays.copyOfRange(b, 16, 32));
        assertEquals(0, b.length % 8, "every record is padded to 8 bytes");
    }

    @Test
    void lengthsFrom128UpUseFourBytesWithTheHighBitSet() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("V127", "v".repeat(127));
        p.put("V128", "w".repeat(128));
        p.put("N".repeat(300), "x".repeat(70_000));
        List<Rec> recs = records(FastCgiRequest.encode(p));
        byte[] params = paramsStream(recs);

        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(new byte[] {4, 127});
        want.writeBytes(("V127" + "v".repeat(127)).getBytes(StandardCharsets.US_ASCII));
        want.writeBytes(new byte[] {4, (byte) 0x80, 0, 0, (byte) 128});
        want.writeBytes(("V128" + "w".repeat(128)).getBytes(StandardCharsets.US_ASCII));
        // 300 = 0x012c, 70000 = 0x011170
        want.writeBytes(new byte[] {(byte) 0x80, 0, 1, 0x2c, (byte) 0x80, 1, 0x11, 0x70});
        want.writeBytes(("N".repeat(300) + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(want.toByteArray(), params);
    }

    @Test
    void paramsLongerThanOneRecordAreSplitAcrossPlainRecords() {
        List<Rec> recs = records(FastCgiRequest.encode(Map.of("BIG", "y".repeat(150_000))));
        List<Integer> types = recs.stream().map(Rec::type).toList();
        assertEquals(List.of(1, 4, 4, 4, 4, 5), types, "BEGIN_REQUEST, 3 PARAMS, the empty PARAMS, STDIN");
        assertEquals(65535, recs.get(1).content().length);
        assertEquals(65535, recs.get(2).content().length);
        assertEquals(1, recs.get(1).padding(), "65535 bytes are padded to 65536");
        assertEquals(0, recs.get(4).content().length);
        for (Rec r : recs) {
            assertEquals(1, r.version());
            assertEquals(1, r.requestId());
            assertTrue(r.content().length <= 65535);
        }
        assertEquals(Map.of("BIG", "y".repeat(150_000)), decode(paramsStream(recs)));
    }

    @Test
    void utf8ValuesCountBytesNotChars() {
        Map<String, String> p = Map.of("HTTP_HOST", "bücher.example");
        assertEquals(p, decode(paramsStream(records(FastCgiRequest.encode(p)))));
        byte[] stream = paramsStream(records(FastCgiRequest.encode(p)));
        assertEquals(15, stream[1], "ü is two bytes");
    }

    private static byte[] paramsStream(List<Rec> recs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recs.stream().filter(r -> r.type() == FastCgiRequest.PARAMS).forEach(r -> out.writeBytes(r.content()));
        return out.toByteArray();
    }

    private static Map<String, String> decode(byte[] b) {
        Map<String, String> out = new LinkedHashMap<>();
        int off = 0;
        while (off < b.length) {
            int[] n = new int[2];
            for (int k = 0; k < 2; k++) {
                if ((b[off] & 0x80) == 0) {
                    n[k] = b[off++];
                } else {
                    n[k] = ((b[off] & 0x7f) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                            | (b[off + 3] & 0xff);
                    off += 4;
                }
            }
            out.put(new String(b, off, n[0], StandardCharsets.UTF_8), new String(b, off + n[0], n[1],
                    StandardCharsets.UTF_8));
            off += n[0] + n[1];
        }
        return out;
    }

    // ---- the answer

    private static FastCgiResponse.Result feedAll(byte[] bytes) throws FastCgiResponse.ProtocolException {
        Optional<FastCgiResponse.Result> r = new FastCgiResponse().feed(bytes, bytes.length);
        assertTrue(r.isPresent(), "END_REQUEST ends the answer");
        return r.get();
    }

    @Test
    void aWholeAnswer() throws Exception {
        FastCgiResponse.Result r = feedAll(answer(PONG));
        assertEquals(200, r.status());
        assertEquals(Map.of("status", "200 OK", "content-type", "text/plain"), r.headers());
        assertEquals("pong", r.body());
        assertEquals(0, r.appStatus());
    }

    @Test
    void anAnswerSplitAtEveryByte() throws Exception {
        byte[] bytes = answer("Status: 404 Not Found\r\n\r\nnope");
        for (int split = 0; split < bytes.length; split++) {
            FastCgiResponse resp = new FastCgiResponse();
            assertEquals(Optional.empty(), resp.feed(Arrays.copyOf(bytes, split), split), "split at " + split);
            byte[] rest = Arrays.copyOfRange(bytes, split, bytes.length);
            FastCgiResponse.Result r = resp.feed(rest, rest.length).orElseThrow();
            assertEquals(404, r.status(), "split at " + split);
            assertEquals("nope", r.body(), "split at " + split);
        }
    }

    @Test
    void anAnswerFedOneByteAtATimeFromALargerBuffer() throws Exception {
        byte[] bytes = answer(PONG);
        FastCgiResponse resp = new FastCgiResponse();
        byte[] buf = new byte[8192];
        Optional<FastCgiResponse.Result> r = Optional.empty();
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(Optional.empty(), r, "no result before the last byte");
            Arrays.fill(buf, (byte) 0x55);
            buf[0] = bytes[i];
            r = resp.feed(buf, 1);
        }
        assertEquals("pong", r.orElseThrow().body());
    }

    @Test
    void stdoutInManyRecordsWithOddPadding() throws Exception {
        byte[] a = "Status: 200 OK\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "\r\npo".getBytes(StandardCharsets.UTF_8);
        byte[] c = "ng".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = concat(record(FastCgiRequest.STDOUT, a, 255), record(FastCgiRequest.STDOUT, b, 0),
                record(FastCgiRequest.STDOUT, c, 13), record(FastCgiRequest.STDOUT, new byte[0], 3), end(0, 0));
        assertEquals("pong", feedAll(bytes).body());
    }

    @Test
    void unknownRecordTypesAreSkipped() throws Exception {
        byte[] bytes = concat(record(10, "ignored".getBytes(StandardCharsets.UTF_8), 1), answer(PONG));
        assertEquals("pong", feedAll(bytes).body());
    }

    @Test
    void bytesAfterEndRequestAreIgnored() throws Exception {
        byte[] bytes = concat(answer(PONG), stdout("late"), new byte[] {9, 9, 9});
        assertEquals("pong", feedAll(bytes).body());
    }

    @Test
    void theApplicationsExitStatusIsKept() throws Exception {
        assertEquals(70_000, feedAll(concat(stdout(PONG), end(70_000, 0))).appStatus());
    }

    @Test
    void stderrFirstLine() throws Exception {
        byte[] err = "\nPHP Warning: x\nmore".getBytes(StandardCharsets.UTF_8);
        FastCgiResponse resp = new FastCgiResponse();
        byte[] bytes = concat(record(FastCgiRequest.STDERR, err, 0), answer(PONG));
        resp.feed(bytes, bytes.length).orElseThrow();
        assertEquals("PHP Warning: x", resp.stderrLine());
    }

    @Test
    void aLongStdoutIsCutAt64KiB() throws Exception {
        String head = "Status: 200 OK\r\n\r\n";
        String body = "z".repeat(100_000);
        byte[] all = (head + body).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < all.length; off += 60_000) {
            out.writeBytes(record(FastCgiRequest.STDOUT, Arrays.copyOfRange(all, off, Math.min(all.length, off + 60_000)), 0));
        }
        out.writeBytes(end(0, 0));
        assertEquals(FastCgiResponse.MAX_STDOUT - head.length(), feedAll(out.toByteArray()).body().length());
    }

    private static String problem(byte[] bytes) {
        return assertThrows(FastCgiResponse.ProtocolException.class,
                () -> new FastCgiResponse().feed(bytes, bytes.length)).getMessage();
    }

    @Test
    void refusedRequests() {
        assertEquals("the server refused the request (FCGI_CANT_MPX_CONN)", problem(end(0, 1)));
        assertEquals("the server is overloaded (FCGI_OVERLOADED)", problem(concat(stdout(""), end(0, 2))));
        assertEquals("the server does not play the Responder role (FCGI_UNKNOWN_ROLE)", problem(end(0, 3)));
        assertEquals("END_REQUEST with protocol status 200", problem(end(0, 200)));
    }

    @Test
    void anHttpServerIsNotAFastCgiServer() {
        assertEquals("not a FastCGI answer (record version 72)",
                problem("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aShortEndRequest() {
        assertEquals("a short END_REQUEST record", problem(record(FastCgiRequest.END_REQUEST, new byte[4], 4)));
    }

    @Test
    void badCgiOutput() {
        assertEquals("an empty answer", problem(answer("")));
        assertEquals("an answer without CGI headers", problem(answer("pong")));
        assertEquals("a malformed CGI header line: no colon here", problem(answer("no colon here\r\n\r\npong")));
        assertEquals("a malformed Status header: OK", problem(answer("Status: OK\r\n\r\npong")));
    }

    @Test
    void cgiHeadersEndedByBareNewlines() throws Exception {
        FastCgiResponse.Result r = FastCgiResponse.parseCgi("Status: 503 Busy\nX-A: 1\n\nbody\r\n\r\nmore", 0);
        assertEquals(503, r.status());
        assertEquals(Map.of("status", "503 Busy", "x-a", "1"), r.headers());
        assertEquals("body\r\n\r\nmore", r.body());
    }
}
