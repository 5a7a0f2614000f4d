package dev.baton.core.spi;

/** A check that can never pass for this child; the reason is one line. Part of the health-check SPI, version 1. */
public final class CheckFailedException extends Exception {
    public CheckFailedException(String reason) {
        super(reason, null, false, false);
    }
}
