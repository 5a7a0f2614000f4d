package dev.baton.core.os;

/** A listener could not be opened; the message is one line naming the address and the reason. */
public final class ListenException extends Exception {
    public ListenException(String message) {
        super(message, null, false, false);
    }
}
