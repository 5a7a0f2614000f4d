package dev.baton.healthcheck.fastcgi;

import dev.baton.healthcheck.ChannelServer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal FastCGI responder: reads one request's records (BEGIN_REQUEST, PARAMS, STDIN), records
 * what arrived, and answers {@link #answer} as STDOUT (and STDERR) records and an END_REQUEST.
 */
final class FastCgiTestServer implements AutoCloseable {
    static final int BEGIN_REQUEST = 1;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;

    /** One request as the server read it. */
    record Request(int requestId, int role, int flags, List<Integer> recordTypes, Map<String, String> params,
            int stdinBytes) {
    }

    /**
     * What to answer: {@code stdout} (split into records of at most {@code recordSize} bytes, written
     * {@code dribble}d a byte at a time if asked), {@code stderr}, then END_REQUEST with the two
     * statuses, unless {@code hang} (never answer) or {@code closeEarly} (close before END_REQUEST).
     */
    record Answer(String stdout, String stderr, int appStatus, int protocolStatus, int recordSize, boolean dribble,
            boolean hang, boolean closeEarly) {
        static final Answer PONG = stdout("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\npong");

        static Answer stdout(String stdout) {
            return new Answer(stdout, "", 0, 0, 65535, false, false, false);
        }

        static Answer of(int status, String body) {
            return stdout("Status: " + status + " Whatever\r\nContent-Type: text/plain\r\n\r\n" + body);
        }

        Answer stderr(String text) {
            return new Answer(stdout, text, appStatus, protocolStatus, recordSize, dribble, hang, closeEarly);
        }

        Answer protocolStatus(int status) {
            return new Answer(stdout, stderr, appStatus, status, recordSize, dribble, hang, closeEarly);
        }

        Answer dribbled(int size) {
            return new Answer(stdout, stderr, appStatus, protocolStatus, size, true, hang, closeEarly);
        }

        Answer inRecordsOf(int size) {
            return new Answer(stdout, stderr, appStatus, protocolStatus, size, dribble, hang, closeEarly);
        }

        Answer hung() {
            return new Answer(stdout, stderr, appStatus, protocolStatus, recordSize, dribble, true, closeEarly);
        }

        Answer closingEarly() {
            return new Answer(stdout, stderr, appStatus, protocolStatus, recordSize, dribble, hang, true);
        }
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    volatile Answer answer = Answer.PONG;
    private final ChannelServer server;

    private FastCgiTestServer(boolean tcp, Path path) throws IOException {
        server = tcp ? ChannelServer.tcp(this::serve) : ChannelServer.unix(path, this::serve);
    }

    static FastCgiTestServer tcp() throws IOException {
        return new FastCgiTestServer(true, null);
    }

    static FastCgiTestServer unix(Path path) throws IOException {
        return new FastCgiTestServer(false, path);
    }

    int port() throws IOException {
        return server.port();
    }

    private void serve(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        List<Integer> types = new ArrayList<>();
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        int requestId = -1;
        int role = -1;
        int flags = -1;
        int stdin = 0;
        boolean paramsDone = false;
        while (true) {
            int version = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int id = in.readUnsignedShort();
            int length = in.readUnsignedShort();
            int padding = in.readUnsignedByte();
            in.readUnsignedByte();
            if (version != 1) {
                throw new IOException("record version " + version);
            }
            byte[] content = new byte[length];
            in.readFully(content);
            in.readFully(new byte[padding]);
            types.add(type);
            if (type == BEGIN_REQUEST) {
                requestId = id;
                role = ((content[0] & 0xff) << 8) | (content[1] & 0xff);
                flags = content[2] & 0xff;
            } else if (type == PARAMS) {
                if (paramsDone) {
                    throw new IOException("PARAMS after the empty PARAMS record");
                }
                paramsDone = length == 0;
                params.write(content);
            } else if (type == STDIN) {
                stdin += length;
                if (length == 0) {
                    break;
                }
            } else {
                throw new IOException("unexpected record type " + type);
            }
        }
        requests.add(new Request(requestId, role, flags, List.copyOf(types), decode(params.toByteArray()), stdin));
        Answer a = answer;
        if (a.hang()) {
            ChannelServer.drain(in);
            return;
        }
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] stdout = a.stdout().getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < stdout.length; off += a.recordSize()) {
            record(reply, STDOUT, requestId, java.util.Arrays.copyOfRange(stdout, off,
                    Math.min(stdout.length, off + a.recordSize())));
        }
        if (!a.stderr().isEmpty()) {
            record(reply, STDERR, requestId, a.stderr().getBytes(StandardCharsets.UTF_8));
        }
        if (!a.closeEarly()) {
            record(reply, STDOUT, requestId, new byte[0]);
            int s = a.appStatus();
            record(reply, END_REQUEST, requestId, new byte[] {(byte) (s >>> 24), (byte) (s >>> 16), (byte) (s >>> 8),
                    (byte) s, (byte) a.protocolStatus(), 0, 0, 0});
        }
        byte[] bytes = reply.toByteArray();
        if (a.dribble()) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
        } else {
            out.write(bytes);
            out.flush();
        }
    }

    /** A record with padding to a multiple of 8 bytes, as php-fpm writes them. */
    static void record(ByteArrayOutputStream out, int type, int requestId, byte[] content) {
        int padding = (8 - content.length % 8) % 8;
        out.write(1);
        out.write(type);
        out.write(requestId >>> 8);
        out.write(requestId);
        out.write(content.length >>> 8);
        out.write(content.length);
        out.write(padding);
        out.write(0);
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
    }

    /** FastCGI name-value pairs: lengths of 1 byte (below 128) or 4 bytes (high bit set). */
    static Map<String, String> decode(byte[] b) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int[] off = {0};
        while (off[0] < b.length) {
            int nameLength = length(b, off);
            int valueLength = length(b, off);
            String name = new String(b, off[0], nameLength, StandardCharsets.UTF_8);
            off[0] += nameLength;
            String value = new String(b, off[0], valueLength, StandardCharsets.UTF_8);
            off[0] += valueLength;
            if (out.put(name, value) != null) {
                throw new IOException("parameter " + name + " sent twice");
            }
        }
        return out;
    }

    private static int length(byte[] b, int[] off) {
        int first = b[off[0]] & 0xff;
        if (first < 128) {
            off[0] += 1;
            return first;
        }
        int n = ((first & 0x7f) << 24) | ((b[off[0] + 1] & 0xff) << 16) | ((b[off[0] + 2] & 0xff) << 8)
                | (b[off[0] + 3] & 0xff);
        off[0] += 4;
        return n;
    }

    List<Throwable> errors() {
        return server.errors();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
