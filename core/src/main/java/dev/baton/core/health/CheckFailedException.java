package dev.baton.core.health;

/** A check that can never pass for this child; the reason is one line. */
public final class CheckFailedException extends Exception {
    public CheckFailedException(String reason) {
        super(reason, null, false, false);
    }
}
