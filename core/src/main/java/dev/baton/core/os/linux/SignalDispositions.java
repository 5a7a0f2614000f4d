package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

/**
 * Signal dispositions that the JVM's own API can't reach: undoing an inherited SIG_IGN
 * ({@code nohup}, {@code cmd &}) and dying by a signal the way a child did.
 */
public final class SignalDispositions {
    private static final long SIG_IGN = 1;

    private SignalDispositions() {
    }

    /**
     * If {@code signal} is ignored, sets it back to SIG_DFL so that a later
     * {@code sun.misc.Signal.handle} installs a handler that fires. The JVM silently skips
     * signals it finds ignored at start.
     *
     * @return true if the signal was ignored
     */
    public static boolean resetIfIgnored(int signal) {
        Pointer old = Native.allocate(LibC.SIGACTION_SIZE);
        if (Native.LIBC.sigaction(signal, null, old) != 0) {
            return false;
        }
        if (old.getAddress(0) != SIG_IGN) {
            return false;
        }
        Pointer dfl = Native.allocate(LibC.SIGACTION_SIZE); // zeroed: sa_handler = SIG_DFL
        return Native.LIBC.sigaction(signal, dfl, null) == 0;
    }

    /**
     * Ends the process at once with {@code status} ({@code _exit(2)}). HotSpot's own exit waits up
     * to 300 ms for threads blocked in native calls (baton's reaper in {@code waitpid}, a handover
     * reader in {@code read}); baton has no shutdown work left by then, so it skips that wait.
     * Flush stdout and stderr first.
     */
    public static void exitNow(int status) {
        Native.LIBC._exit(status);
    }

    /**
     * Dies by {@code signal}: resets its disposition to the default, unblocks it and raises
     * it. Returns only if that did not end the process (as PID 1, or for a signal whose
     * default is to ignore); the caller then exits with 128 + signal.
     */
    public static void dieBy(int signal) {
        Pointer dfl = Native.allocate(LibC.SIGACTION_SIZE);
        Native.LIBC.sigaction(signal, dfl, null);
        Pointer set = Native.allocate(LibC.SIGSET_SIZE);
        Native.LIBC.sigemptyset(set);
        Native.LIBC.sigaddset(set, signal);
        Native.LIBC.pthread_sigmask(LibC.SIG_UNBLOCK, set, null);
        Native.LIBC.raise(signal);
    }
}
