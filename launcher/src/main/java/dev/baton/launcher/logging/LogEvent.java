package dev.baton.launcher.logging;

import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.util.List;

/** One log line before layout: the message already formatted, its key-value pairs in order. */
record LogEvent(long millis, Level level, List<KeyValuePair> pairs, String message, Throwable error) {
}
