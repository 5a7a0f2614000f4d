package dev.baton.core.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.OptionalInt;

/**
 * The one seam between baton's flip logic and the operating system. Everything the
 * supervisor does to processes goes through here, so the state machine is unit-tested
 * against a fake, and {@code LinuxOs} is proven by real-process tests.
 */
public interface Os {

    /** baton's own pid. */
    long pid();

    /**
     * Starts a child in a new process group. Blocks until the program has been exec'd (or
     * failed to be). Safe to call from any thread: the implementation spawns from one
     * long-lived thread, since pdeathsig follows the spawning thread.
     */
    ChildProcess spawn(SpawnSpec spec) throws SpawnException;

    /**
     * Starts a new baton for a re-exec flip: a socket pair is made, one end becomes the new
     * baton's fd {@code handoverFd}, the other end is returned as a channel; the new baton also
     * gets {@code spec.fds()}. It gets no pdeathsig ({@code spec.dieWithParent} false) and stays in
     * baton's process group ({@code spec.newProcessGroup} false).
     */
    NewBatonProcess spawnNewBaton(SpawnSpec spec, int handoverFd) throws SpawnException;

    /** Opens a listening socket natively (baton never accepts on it) and returns its fd. */
    int listen(ListenerConfig listener) throws ListenException;

    /** The normalized address of a listening socket at {@code fd}, or empty if it is not one. */
    Optional<String> describeSocket(int fd);

    void closeFd(int fd);

    /** The pid of baton's guard process (see LinuxOs), or -1 if there is none. */
    default long guardPid() {
        return -1;
    }

    /** baton's parent pid now. */
    default long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    /**
     * baton's controlling terminal now ({@code tty_nr} of /proc/self/stat), 0 if it has none. A
     * terminal that hangs up is taken from every process of its session before any SIGHUP that
     * follows reaches baton.
     */
    default long controllingTerminal() {
        return 0;
    }

    /**
     * Runs {@code onHangup} once, on a thread of its own, when baton's controlling terminal hangs
     * up. False, and no thread, if baton has no controlling terminal.
     */
    default boolean watchTerminal(Runnable onHangup) {
        return false;
    }

    /** The handover channel this baton inherited at {@code fd}. */
    LineChannel inheritedChannel(int fd);

    /** Sends a signal to one process. A process that is already gone is ignored. */
    void signal(long pid, Signal signal);

    /** Sends a signal to every process in the group. A group that is already gone is ignored. */
    void signalGroup(long pgid, Signal signal);

    /** Stops baton itself (SIGSTOP), after a forwarded SIGTSTP. Returns once continued. */
    void stopSelf();

    // ---- small files baton owns (the pidfile) ----

    /**
     * Replaces the file at {@code path} with {@code content} and {@code mode}, atomically and
     * durably: a reader sees the old content or the new one, and a crash leaves one of them. Refused,
     * with a one-line reason, in a directory that a user other than root and baton's own could
     * change ({@link DirectoryTrust}), anywhere on the path.
     */
    void replaceFile(Path path, String content, int mode) throws IOException;

    /** The content of the small regular file at {@code path} (a symlink there is not followed); empty if none. */
    Optional<String> readFile(Path path);

    /** Removes the regular file at {@code path} if its content passes {@code test}; true if it did. */
    boolean removeFileIf(Path path, Predicate<String> test);

    // ---- the notify check's socket ----

    /**
     * Makes a child's NOTIFY_SOCKET, {@code notify.sock} in a new directory {@code notify-XXXX} below
     * {@code runtimeDirectory/notify/}. The directories stay baton's: 0711 when the child runs as
     * another user ({@code childUid}), so it can pass through them but not list or change them, and
     * 0700 otherwise; {@code notify/} is refused if it is not baton's own or others may write to it.
     * Only the socket is handed to {@code childUid}, mode 0600. Closing the channel removes both.
     *
     * @throws IOException with a one-line message
     */
    NotifyChannel openNotifySocket(Path runtimeDirectory, OptionalInt childUid) throws IOException;
}
