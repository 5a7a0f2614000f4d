package dev.baton.core.os.linux;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.ListenerConfig;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Listening sockets made natively (socket, bind, listen), so baton never accepts on them. Made
 * in blocking mode with CLOEXEC; baton never changes O_NONBLOCK afterwards.
 */
final class Sockets {
    private static final LibC C = Native.LIBC;
    private static final int SOCKADDR_MAX = 128;

    private Sockets() {
    }

    static int listen(ListenerConfig config) throws ListenException {
        String what = config.address().normalized();
        if (config.address() instanceof ListenAddress.Unix unix) {
            clearStale(unix.path(), what);
        }
        int fd = C.socket(family(config.address()), LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw error(what, "socket");
        }
        try {
            Pointer addr = Native.allocate(SOCKADDR_MAX);
            int len;
            if (config.address() instanceof ListenAddress.Tcp tcp) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1, what);
                if (tcp.ipv6()) {
                    setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, config.ipv6Only() ? 1 : 0, what);
                }
                len = inet(addr, tcp);
            } else {
                len = unix(addr, ((ListenAddress.Unix) config.address()).path());
            }
            bind(fd, addr, len, config, what);
            if (config.address() instanceof ListenAddress.Unix unix && (config.owner().isPresent()
                    || config.group().isPresent())) {
                chownSocketFile(unix.path(), config, what);
            }
            if (C.listen(fd, config.backlog()) != 0) {
                throw error(what, "listen");
            }
            return fd;
        } catch (ListenException e) {
            C.close(fd);
            throw e;
        }
    }

    /**
     * The normalized address of {@code fd} if it is a listening stream socket (for adopting
     * sockets from systemd or an old baton), else empty.
     */
    static Optional<String> describe(int fd) {
        int[] value = new int[1];
        int[] len = {4};
        if (C.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ACCEPTCONN, value, len) != 0 || value[0] == 0) {
            return Optional.empty();
        }
        Pointer addr = Native.allocate(SOCKADDR_MAX);
        int[] alen = {SOCKADDR_MAX};
        if (C.getsockname(fd, addr, alen) != 0) {
            return Optional.empty();
        }
        int family = addr.getShort(0) & 0xffff;
        try {
            if (family == LibC.AF_INET || family == LibC.AF_INET6) {
                int port = ((addr.getByte(2) & 0xff) << 8) | (addr.getByte(3) & 0xff);
                byte[] ip = new byte[family == LibC.AF_INET ? 4 : 16];
                addr.get(family == LibC.AF_INET ? 4 : 8, ip, 0, ip.length);
                return Optional.of(new ListenAddress.Tcp(InetAddress.getByAddress(ip), port).normalized());
            }
            if (family == LibC.AF_UNIX) {
                byte[] path = new byte[Math.max(0, alen[0] - 2)];
                addr.get(2, path, 0, path.length);
                int end = 0;
                while (end < path.length && path[end] != 0) {
                    end++;
                }
                return Optional.of("unix://" + new String(path, 0, end, StandardCharsets.UTF_8));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static int family(ListenAddress a) {
        if (a instanceof ListenAddress.Tcp tcp) {
            return tcp.ipv6() ? LibC.AF_INET6 : LibC.AF_INET;
        }
        return LibC.AF_UNIX;
    }

    private static int inet(Pointer addr, ListenAddress.Tcp tcp) {
        InetAddress host = tcp.host();
        addr.putByte(2, (byte) (tcp.port() >> 8));
        addr.putByte(3, (byte) tcp.port());
        if (host instanceof Inet4Address) {
            addr.putShort(0, (short) LibC.AF_INET);
            addr.put(4, host.getAddress(), 0, 4);
            return 16;
        }
        addr.putShort(0, (short) LibC.AF_INET6);
        addr.put(8, host.getAddress(), 0, 16);
        addr.putInt(24, ((Inet6Address) host).getScopeId());
        return 28;
    }

    static int unix(Pointer addr, Path path) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        addr.putShort(0, (short) LibC.AF_UNIX);
        addr.put(2, bytes, 0, bytes.length);
        addr.putByte(2 + bytes.length, (byte) 0);
        return 2 + bytes.length + 1;
    }

    private static void setInt(int fd, int level, int name, int value, String what) throws ListenException {
        if (C.setsockopt(fd, level, name, new int[] {value}, 4) != 0) {
            throw error(what, "setsockopt");
        }
    }

    /** A socket file nobody listens on is stale and replaced; a live one, or another file, is an error. */
    private static void clearStale(Path path, String what) throws ListenException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Object type = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            boolean socket = ((Integer) type & 0170000) == 0140000;
            if (!socket) {
                throw new ListenException("cannot listen on " + what + ": the file exists and is not a socket");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new ListenException("cannot listen on " + what + ": " + e.getMessage());
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new ListenException("cannot listen on " + what + ": address already in use (another process "
                    + "accepts connections there)");
        } catch (ConnectException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException io) {
                throw new ListenException("cannot listen on " + what + ": cannot remove the stale socket file: "
                        + io.getMessage());
            }
        } catch (IOException e) {
            throw new ListenException("cannot listen on " + what + ": " + e.getMessage());
        }
    }

    /**
     * bind(2). A unix socket file gets its {@code mode:} as it is created, through the umask: a
     * chmod after bind would look the path up again, and a user who can write to the directory
     * could have swapped in a symlink by then. The umask is process-wide, so this runs on the
     * spawn thread (LinuxOs), where no child can be spawned with it meanwhile.
     */
    private static void bind(int fd, Pointer addr, int len, ListenerConfig config, String what)
            throws ListenException {
        boolean setMode = config.address() instanceof ListenAddress.Unix && config.mode().isPresent();
        int saved = setMode ? C.umask(~config.mode().get() & 0777) : 0;
        int rc;
        try {
            rc = C.bind(fd, addr, len);
        } finally {
            if (setMode) {
                C.umask(saved);
            }
        }
        if (rc != 0) {
            throw error(what, "bind");
        }
    }

    /**
     * {@code owner:} / {@code group:} of a unix socket file, set through an O_PATH fd of the file
     * just bound, once that fd is shown to be it: a socket, baton's own (another user can't make a
     * file that belongs to root), with one link (no hard link to someone else's socket).
     */
    private static void chownSocketFile(Path path, ListenerConfig config, String what) throws ListenException {
        int fd = -1;
        try {
            fd = Fs.openat(LibC.AT_FDCWD, path.toString(), Fs.O_PATH | Fs.O_NOFOLLOW, 0, path.toString());
            FileStatus st = FileStatus.ofFd(fd, path);
            if (!st.isSocket() || st.uid() != C.geteuid() || st.nlink() != 1) {
                throw new ListenException("cannot set the owner of " + what + ": the file at " + path
                        + " is no longer the socket baton bound (someone replaced it)");
            }
            Fs.check(C.fchownat(fd, "", config.owner().orElse(-1), config.group().orElse(-1), LibC.AT_EMPTY_PATH),
                    "chown", path.toString());
        } catch (IOException e) {
            removeQuietly(path);
            throw new ListenException("cannot set the owner of " + what + ": " + e.getMessage());
        } finally {
            Fs.closeQuietly(fd);
        }
    }

    private static void removeQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static ListenException error(String what, String call) {
        int errno = Native.lastErrno();
        String reason = switch (errno) {
            case 98 -> "address already in use";
            case 13 -> "permission denied";
            case 99 -> "address not available on this host";
            default -> call + ": " + Native.strerror(errno);
        };
        return new ListenException("cannot listen on " + what + ": " + reason);
    }
}
