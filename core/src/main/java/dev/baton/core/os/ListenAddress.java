package dev.baton.core.os;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a listener listens. {@link #normalized()} is how listeners are matched across reloads
 * and handed to a new baton: {@code tcp://127.0.0.1:8080}, {@code tcp://[::1]:8080},
 * {@code unix:///run/app.sock}.
 */
public sealed interface ListenAddress {

    String normalized();

    /** {@code tcp://HOST:PORT}; a wildcard host (0.0.0.0 or ::) accepts on every local address. */
    record Tcp(InetAddress host, int port) implements ListenAddress {
        @Override
        public String normalized() {
            return "tcp://" + hostText() + ":" + port;
        }

        public String hostText() {
            String h = host.getHostAddress();
            if (host instanceof Inet6Address) {
                int scope = h.indexOf('%');
                if (scope >= 0) {
                    h = h.substring(0, scope);
                }
                h = "[" + compress(h) + "]";
            }
            return h;
        }

        public boolean ipv6() {
            return host instanceof Inet6Address;
        }

        public boolean wildcard() {
            return host.isAnyLocalAddress();
        }

        /** {@code host:port} as Server::Starter writes it. */
        public String hostPort() {
            return hostText() + ":" + port;
        }

        /** RFC 5952 text: lower case, no leading zeros, the longest run of 2+ zero groups as "::". */
        static String compress(String v6) {
            String[] groups = v6.split(":");
            if (groups.length != 8) {
                return v6;
            }
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; i++) {
                int j = i;
                while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = Math.max(i, j);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append(i == 0 ? "::" : ":");
                    i += bestLen - 1;
                    continue;
                }
                sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
                if (i < 7) {
                    sb.append(':');
                }
            }
            return sb.toString();
        }
    }

    /** {@code unix:///absolute/path}. */
    record Unix(Path path) implements ListenAddress {
        /** The longest path a unix socket address holds, in bytes (sun_path, less its terminating NUL). */
        public static final int PATH_MAX = 107;

        public static boolean fits(String path) {
            return path.getBytes(StandardCharsets.UTF_8).length <= PATH_MAX;
        }

        @Override
        public String normalized() {
            return "unix://" + path;
        }
    }
}
