package dev.baton.healthcheck.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads FastCGI records as they arrive and, at END_REQUEST, the CGI response in STDOUT: a
 * {@code Status:} header (200 if absent), the other headers and the body.
 */
final class FastCgiResponse {
    static final int MAX_STDOUT = 64 * 1024;

    /** A response that ended properly. */
    record Result(int status, Map<String, String> headers, String body, int appStatus) {
    }

    /** The server broke the protocol or refused the request; the message is one line. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private Result result;

    /** Feeds bytes read from the connection; returns the result once END_REQUEST has arrived. */
    Optional<Result> feed(byte[] data, int length) throws ProtocolException {
        pending.write(data, 0, length);
        byte[] buf = pending.toByteArray();
        int off = 0;
        while (result == null && buf.length - off >= 8) {
            int version = buf[off] & 0xff;
            int type = buf[off + 1] & 0xff;
            int contentLength = ((buf[off + 4] & 0xff) << 8) | (buf[off + 5] & 0xff);
            int padding = buf[off + 6] & 0xff;
            if (version != FastCgiRequest.VERSION) {
                throw new ProtocolException("not a FastCGI answer (record version " + version + ")");
            }
            if (buf.length - off < 8 + contentLength + padding) {
                break;
            }
            int content = off + 8;
            switch (type) {
                case FastCgiRequest.STDOUT -> {
                    int room = MAX_STDOUT - stdout.size();
                    stdout.write(buf, content, Math.max(0, Math.min(room, contentLength)));
                }
                case FastCgiRequest.STDERR -> {
                    int room = 1024 - stderr.size();
                    stderr.write(buf, content, Math.max(0, Math.min(room, contentLength)));
                }
                case FastCgiRequest.END_REQUEST -> result = end(buf, content, contentLength);
                default -> {
                    // other record types carry nothing a check needs
                }
            }
            off += 8 + contentLength + padding;
        }
        pending.reset();
        pending.write(buf, off, buf.length - off);
        return Optional.ofNullable(result);
    }

    /** What the application wrote to FCGI_STDERR, first line only. */
    String stderrLine() {
        String s = stderr.toString(StandardCharsets.UTF_8).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Result end(byte[] buf, int content, int length) throws ProtocolException {
        if (length < 8) {
            throw new ProtocolException("a short END_REQUEST record");
        }
        int appStatus = ((buf[content] & 0xff) << 24) | ((buf[content + 1] & 0xff) << 16)
                | ((buf[content + 2] & 0xff) << 8) | (buf[content + 3] & 0xff);
        int protocolStatus = buf[content + 4] & 0xff;
        switch (protocolStatus) {
            case 0 -> {
                // FCGI_REQUEST_COMPLETE
            }
            case 1 -> throw new ProtocolException("the server refused the request (FCGI_CANT_MPX_CONN)");
            case 2 -> throw new ProtocolException("the server is overloaded (FCGI_OVERLOADED)");
            case 3 -> throw new ProtocolException("the server does not play the Responder role (FCGI_UNKNOWN_ROLE)");
            default -> throw new ProtocolException("END_REQUEST with protocol status " + protocolStatus);
        }
        return parseCgi(stdout.toString(StandardCharsets.UTF_8), appStatus);
    }

    static Result parseCgi(String text, int appStatus) throws ProtocolException {
        // the headers end at the first blank line, CRLF or bare LF, whatever the body holds after it
        int split = text.indexOf("\r\n\r\n");
        int sepLen = 4;
        int lf = text.indexOf("\n\n");
        if (lf >= 0 && (split < 0 || lf < split)) {
            split = lf;
            sepLen = 2;
        }
        if (split < 0) {
            if (text.isEmpty()) {
                throw new ProtocolException("an empty answer");
            }
            throw new ProtocolException("an answer without CGI headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int status = 200;
        for (String line : text.substring(0, split).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("a malformed CGI header line: " + line);
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.put(name.toLowerCase(Locale.ROOT), value);
            if (name.equalsIgnoreCase("Status")) {
                String code = value.split(" ", 2)[0];
                if (!code.matches("\\d{3}")) {
                    throw new ProtocolException("a malformed Status header: " + value);
                }
                status = Integer.parseInt(code);
            }
        }
        return new Result(status, headers, text.substring(split + sepLen), appStatus);
    }
}
