package dev.baton.core.os.linux;

/** Something baton needs from the system is missing (a tool, a libc function). */
public final class OsUnavailableException extends Exception {
    public OsUnavailableException(String message) {
        super(message);
    }
}
