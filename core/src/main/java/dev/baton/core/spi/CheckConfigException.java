package dev.baton.core.spi;

/**
 * A check's settings are wrong: what {@link CheckSettings}' accessors throw and its {@code error}
 * methods make, and what {@link HealthCheckProvider#parse} throws. The message is one line in baton's
 * standard form, {@code file:line: path: problem; expected ...}; baton reports it exactly so (as its
 * own config error, exit 78). Never printed with a stack trace.
 *
 * <p>One line whatever went into it: like baton's own config errors, the message is escaped by
 * {@link Quote#clean} here, so a value with a line break or a terminal escape can't break it.
 * Part of the health-check SPI, version 1.
 */
public final class CheckConfigException extends Exception {

    public CheckConfigException(String message) {
        super(Quote.clean(message), null, false, false);
    }
}
