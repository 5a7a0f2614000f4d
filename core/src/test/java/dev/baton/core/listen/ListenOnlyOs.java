package dev.baton.core.listen;

import dev.baton.core.os.FdLayout;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;

import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.NotifyChannel;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.os.NewBatonProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@link Os} that only listens and closes: fds from 100 up, recorded in {@link #calls()} as
 * {@code "listen ADDRESS FD"} and {@code "close FD"}. A unix listener's file is created, as bind
 * would. Anything else is a test error.
 */
final class ListenOnlyOs implements Os {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, String> failures = new HashMap<>();
    private int nextFd = 100;
    private final Map<Integer, String> inherited = new HashMap<>();

    /** Listening on this normalized address throws a ListenException with this message. */
    void failListen(String address, String message) {
        failures.put(address, message);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public int listen(ListenerConfig listener) throws ListenException {
        String address = listener.address().normalized();
        String failure = failures.get(address);
        if (failure != null) {
            calls.add("listen-failed " + address);
            throw new ListenException(failure);
        }
        if (listener.address() instanceof ListenAddress.Unix u) {
            try {
                Files.writeString(u.path(), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int fd = nextFd++;
        calls.add("listen " + address + " " + fd);
        return fd;
    }

    @Override
    public void closeFd(int fd) {
        calls.add("close " + fd);
    }

    @Override
    public Optional<String> describeSocket(int fd) {
        return Optional.ofNullable(inherited.get(fd));
    }

    /** The OS of a new baton: {@code old}'s sockets where a new baton finds them ({@link FdLayout}). */
    static ListenOnlyOs inheritingFrom(HeldListeners old) {
        ListenOnlyOs os = new ListenOnlyOs();
        List<HeldListeners.Held> all = old.all();
        for (int i = 0; i < all.size(); i++) {
            os.inherited.put(FdLayout.inheritedListener(i), all.get(i).address());
        }
        return os;
    }

    @Override
    public long pid() {
        return 4242;
    }

    @Override
    public ChildProcess spawn(SpawnSpec spec) {
        throw new UnsupportedOperationException("spawn");
    }

    @Override
    public NewBatonProcess spawnNewBaton(SpawnSpec spec, int handoverFd) {
        throw new UnsupportedOperationException("spawnNewBaton");
    }

    @Override
    public LineChannel inheritedChannel(int fd) {
        throw new UnsupportedOperationException("inheritedChannel");
    }

    @Override
    public void signal(long pid, Signal signal) {
        throw new UnsupportedOperationException("signal");
    }

    @Override
    public void signalGroup(long pgid, Signal signal) {
        throw new UnsupportedOperationException("signalGroup");
    }

    @Override
    public void stopSelf() {
        throw new UnsupportedOperationException("stopSelf");
    }

    @Override
    public void replaceFile(java.nio.file.Path path, String content, int mode) {
        throw new UnsupportedOperationException("replaceFile");
    }

    @Override
    public java.util.Optional<String> readFile(java.nio.file.Path path) {
        throw new UnsupportedOperationException("readFile");
    }

    @Override
    public boolean removeFileIf(java.nio.file.Path path, java.util.function.Predicate<String> test) {
        throw new UnsupportedOperationException("removeFileIf");
    }

    @Override
    public NotifyChannel openNotifySocket(Path runtimeDirectory, OptionalInt childUid) {
        throw new UnsupportedOperationException("openNotifySocket");
    }
}
