import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * baton's hello example: answers every HTTP request on $PORT with its own pid.
 *
 * Two generations run side by side during a flip, so the public port is bound with
 * SO_REUSEPORT. The health endpoint listens on $HEALTH_PORT, which baton gives each
 * generation its own value of (see baton.yaml), so a health check can only reach this process.
 *
 * Run with: java Hello.java
 */
public class Hello {
    static final long PID = ProcessHandle.current().pid();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String healthPort = System.getenv("HEALTH_PORT");
        ServerSocketChannel web = listen(port);
        if (healthPort != null) {
            ServerSocketChannel health = listen(Integer.parseInt(healthPort));
            Thread t = new Thread(() -> serve(health, "ok\n"), "health");
            t.setDaemon(true);
            t.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("hello: pid " + PID + " shutting down")));
        System.out.println("hello: pid " + PID + " listening on :" + port
                + (healthPort != null ? ", health on :" + healthPort : ""));
        serve(web, "hello from pid " + PID + "\n");
    }

    static ServerSocketChannel listen(int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        ch.bind(new InetSocketAddress("127.0.0.1", port), 128);
        return ch;
    }

    static void serve(ServerSocketChannel server, String body) {
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        while (true) {
            try (SocketChannel client = server.accept()) {
                readRequestHead(client);
                client.write(ByteBuffer.wrap(response));
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    static void readRequestHead(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0 && head.length() < 8192) {
            buf.clear();
            if (client.read(buf) < 0) {
                return;
            }
            head.append(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
        }
    }
}
