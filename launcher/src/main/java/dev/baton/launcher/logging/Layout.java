package dev.baton.launcher.logging;

/** Turns one event into one line, newline included. */
interface Layout {
    String format(LogEvent event);
}
