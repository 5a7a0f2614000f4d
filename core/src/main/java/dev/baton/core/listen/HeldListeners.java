package dev.baton.core.listen;

import dev.baton.core.os.FdLayout;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;

import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The listening sockets this baton holds, by normalized address. A socket is never closed or
 * re-bound while a generation may use it: a flip opens what its config adds, and only once the
 * new generation took over are the sockets it no longer names closed. Touched only by the
 * supervisor loop thread (and by the launcher before the loop starts).
 */
public final class HeldListeners {

    /**
     * One socket. {@code name} is the systemd FileDescriptorName it came with, if any;
     * {@code ownsFile} is false for sockets whose unix file belongs to someone else (systemd).
     */
    public record Held(String address, int fd, Optional<String> name, boolean ownsFile) {
    }

    /** The sockets for one generation, in config order, and which of them this call opened. */
    public record Prepared(List<ListenerConfig> configs, List<Integer> fds, Set<String> opened) {
        public static final Prepared NONE = new Prepared(List.of(), List.of(), Set.of());
    }

    private final Os os;
    private final Map<String, Held> held = new LinkedHashMap<>();

    public HeldListeners(Os os) {
        this.os = os;
    }

    /** A socket received at start, from an old baton or from systemd. */
    public void adopt(String address, int fd, Optional<String> name, boolean ownsFile) {
        held.put(address, new Held(address, fd, name, ownsFile));
    }

    /** The systemd FileDescriptorName= of an adopted socket matches a listener's name. */
    private Optional<Held> byName(String name) {
        return held.values().stream().filter(h -> h.name().filter(name::equals).isPresent()).findFirst();
    }

    /**
     * Makes sure every listener of a config is open: reuses a held socket with the same address
     * (or, for sockets from systemd, the same name), opens the rest. If one can't be opened, the
     * ones this call opened are closed again and the error is thrown.
     */
    public Prepared prepare(List<ListenerConfig> wanted) throws ListenException {
        List<Integer> fds = new ArrayList<>();
        Set<String> opened = new LinkedHashSet<>();
        try {
            for (ListenerConfig l : wanted) {
                String address = l.address().normalized();
                Held h = held.get(address);
                if (h == null) {
                    h = byName(l.name()).orElse(null);
                }
                if (h == null) {
                    int fd = os.listen(l);
                    h = new Held(address, fd, Optional.empty(), l.address() instanceof ListenAddress.Unix);
                    held.put(address, h);
                    opened.add(address);
                }
                fds.add(h.fd());
            }
        } catch (ListenException e) {
            abandon(new Prepared(wanted, fds, opened));
            throw e;
        }
        return new Prepared(wanted, fds, opened);
    }

    /** The generation these sockets were opened for failed: close them and remove their files. */
    public void abandon(Prepared prepared) {
        for (String address : prepared.opened()) {
            Held h = held.remove(address);
            if (h != null) {
                os.closeFd(h.fd());
                removeFile(h);
            }
        }
    }

    /**
     * {@code current} took over: close the sockets it doesn't name (the old generation's copies stay
     * open in the old child until it exits). Returns the unix socket files to remove once the old
     * generation is gone.
     */
    public List<Path> retainOnly(List<ListenerConfig> current) {
        Set<String> keep = new LinkedHashSet<>();
        for (ListenerConfig l : current) {
            String address = l.address().normalized();
            if (held.containsKey(address)) {
                keep.add(address);
            } else {
                byName(l.name()).ifPresent(h -> keep.add(h.address()));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Held h : List.copyOf(held.values())) {
            if (!keep.contains(h.address())) {
                held.remove(h.address());
                os.closeFd(h.fd());
                unixPath(h).ifPresent(files::add);
            }
        }
        return files;
    }

    /** Every held socket, in a stable order: what a new baton inherits ({@link FdLayout#forNewBaton}). */
    public List<Held> all() {
        return List.copyOf(held.values());
    }

    /** baton finally stops: remove the unix socket files it owns. */
    public void removeFiles() {
        held.values().forEach(HeldListeners::removeFile);
    }

    public static void removeFiles(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: a later bind replaces a stale file
            }
        }
    }

    private static void removeFile(Held h) {
        unixPath(h).ifPresent(p -> removeFiles(List.of(p)));
    }

    private static Optional<Path> unixPath(Held h) {
        if (h.ownsFile() && h.address().startsWith("unix://")) {
            return Optional.of(Path.of(h.address().substring("unix://".length())));
        }
        return Optional.empty();
    }

    // ---- what a new baton is told about its inherited sockets ----

    public String describeForNewBaton() {
        List<String> parts = new ArrayList<>();
        for (Held h : held.values()) {
            boolean external = !h.ownsFile() && h.address().startsWith("unix://");
            parts.add(encode(h.address()) + (external ? "#external" : "")
                    + h.name().map(n -> "#name=" + encode(n)).orElse(""));
        }
        return String.join(";", parts);
    }

    /** Percent-encodes the characters the list format uses: {@code % ; # =}. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '%' || c == ';' || c == '#' || c == '=') {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String decode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A new baton adopts what {@link #describeForNewBaton} listed, at the fds
     * {@link FdLayout#inheritedListener} gives. Each fd is
     * checked first: it must be a listening socket bound to the address listed for it. A
     * description that doesn't match the fds (a stale BATON_LISTENERS, say) would otherwise make
     * baton close some other file at takeover and delete another program's socket file.
     *
     * @throws ListenException naming the first fd that is not what the description says
     */
    public void adoptFromOldBaton(String description) throws ListenException {
        if (description == null || description.isEmpty()) {
            return;
        }
        String[] parts = description.split(";");
        List<Held> inherited = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String[] fields = parts[i].split("#");
            boolean owns = true;
            Optional<String> name = Optional.empty();
            for (int f = 1; f < fields.length; f++) {
                if (fields[f].equals("external")) {
                    owns = false;
                } else if (fields[f].startsWith("name=")) {
                    name = Optional.of(decode(fields[f].substring(5)));
                }
            }
            String address = decode(fields[0]);
            int fd = FdLayout.inheritedListener(i);
            Optional<String> actual = os.describeSocket(fd);
            if (!actual.equals(Optional.of(address))) {
                throw new ListenException("inherited fd " + fd + " should be the listening socket " + address
                        + ", but it is " + actual.map(a -> "the listening socket " + a).orElse("no listening socket"));
            }
            inherited.add(new Held(address, fd, name, owns && address.startsWith("unix://")));
        }
        inherited.forEach(h -> held.put(h.address(), h));
    }
}
