package dev.baton.healthcheck.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bytes of one FastCGI 1.0 request (Responder role, request id 1, no keep-conn): BEGIN_REQUEST,
 * the params, an empty PARAMS record and an empty STDIN record.
 */
final class FastCgiRequest {
    static final int VERSION = 1;
    static final int BEGIN_REQUEST = 1;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;
    static final int RESPONDER = 1;
    static final int REQUEST_ID = 1;
    private static final int MAX_CONTENT = 65535;

    private FastCgiRequest() {
    }

    static byte[] encode(Map<String, String> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, BEGIN_REQUEST, new byte[] {0, RESPONDER, 0, 0, 0, 0, 0, 0});
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : params.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            length(p, name.length);
            length(p, value.length);
            p.writeBytes(name);
            p.writeBytes(value);
        }
        byte[] all = p.toByteArray();
        for (int off = 0; off < all.length; off += MAX_CONTENT) {
            int n = Math.min(MAX_CONTENT, all.length - off);
            byte[] chunk = new byte[n];
            System.arraycopy(all, off, chunk, 0, n);
            record(out, PARAMS, chunk);
        }
        record(out, PARAMS, new byte[0]);
        record(out, STDIN, new byte[0]);
        return out.toByteArray();
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 128) {
            out.write(n);
        } else {
            out.write(0x80 | (n >>> 24));
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] content) {
        int padding = (8 - content.length % 8) % 8;
        out.write(VERSION);
        out.write(type);
        out.write(REQUEST_ID >>> 8);
        out.write(REQUEST_ID);
        out.write(content.length >>> 8);
        out.write(content.length);
        out.write(padding);
        out.write(0);
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
    }
}
