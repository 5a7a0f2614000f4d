package dev.baton.core.os;

/** posix_spawn failed; carries the errno it returned and names the command. */
public final class SpawnException extends Exception {
    private final int errno;

    public SpawnException(String command, int errno, String reason) {
        super("cannot start " + command + ": " + reason);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
