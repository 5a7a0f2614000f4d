package dev.baton.core.health;

import dev.baton.core.spi.Quote;

/**
 * A plugin jar baton can't use: not a readable jar, no providers, a newer SPI, a bad or a taken kind.
 * One line, whatever a library's text put in it; the config loader reports it as a config error
 * (exit 78), word for word. Never printed with a stack trace.
 */
public final class PluginException extends Exception {

    public PluginException(String message) {
        super(Quote.clean(message), null, false, false);
    }
}
