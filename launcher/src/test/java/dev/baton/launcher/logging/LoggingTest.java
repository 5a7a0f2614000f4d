package dev.baton.launcher.logging;

import dev.baton.core.config.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** baton's SLF4J provider and its layouts: the exact lines the README and the ITs read. */
class LoggingTest {
    static final long PID = ProcessHandle.current().pid();
    static final long MILLIS = 1795255200123L; // 2026-11-21T10:00:00.123Z

    PrintStream savedErr;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureStderr() {
        savedErr = System.err;
        System.setErr(new PrintStream(captured, true));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(savedErr);
        LogSetup.apply(LogConfig.DEFAULT);
    }

    static LogEvent event(Level level, String message, Throwable error) {
        return new LogEvent(MILLIS, level, List.of(new KeyValuePair("generation", 2), new KeyValuePair("pid", 1234L)),
                message, error);
    }

    @Test
    void textLinesHaveTimeLevelPaddedToFiveProcessPairsAndMessage() {
        assertEquals("2026-11-21T10:00:00.123Z INFO  baton[" + PID + "] generation=2 pid=1234 flip completed\n",
                new TextLayout(false).format(event(Level.INFO, "flip completed", null)));
        assertEquals("2026-11-21T10:00:00.123Z ERROR baton[" + PID + "] generation=2 pid=1234 two lines (java.io."
                        + "IOException: gone)\n",
                new TextLayout(false).format(event(Level.ERROR, "two\nlines", new IOException("gone"))));
    }

    @Test
    void journalLinesHaveAPriorityAndNoTimeOrProcessName() {
        assertEquals("<4>generation=2 pid=1234 slow\n", new TextLayout(true).format(event(Level.WARN, "slow", null)));
        assertEquals("<7>x\n", new TextLayout(true).format(new LogEvent(MILLIS, Level.DEBUG, null, "x", null)));
    }

    @Test
    void jsonLinesKeepNumbersAsNumbersNameTheChildPidAsStatusDoesAndHaveAnEvent() {
        assertEquals("{\"time\":\"2026-11-21T10:00:00.123Z\",\"level\":\"WARN\",\"baton_pid\":" + PID
                        + ",\"event\":\"say_hi\",\"generation\":2,\"child_pid\":1234,\"message\":\"say \\\"hi\\\"\","
                        + "\"error\":\"java.io.IOException: gone\"}\n",
                new JsonLayout().format(event(Level.WARN, "say \"hi\"", new IOException("gone"))));
    }

    @Test
    void everyJsonLineHasAnEventNamedByTheLineOrMadeFromItsFirstWords() {
        assertEquals("child_started", JsonLayout.eventOf("child started: python3"));
        assertEquals("ready", JsonLayout.eventOf("ready"));
        assertEquals("flip_initiated", JsonLayout.eventOf("flip initiated (in place: baton unchanged)"));
        assertEquals("draining_in_the", JsonLayout.eventOf("draining in the background (1 of 3); the flip ended"));
        assertEquals("log", JsonLayout.eventOf(": 42"));
        LogEvent flip = new LogEvent(MILLIS, Level.INFO, java.util.List.of(new KeyValuePair("generation", 2),
                new KeyValuePair("event", "flip"), new KeyValuePair("flip", new dev.baton.core.text.Json.Raw("{\"a\":1}"))),
                "flip 1 → 2", null);
        assertEquals("{\"time\":\"2026-11-21T10:00:00.123Z\",\"level\":\"INFO\",\"baton_pid\":" + PID
                + ",\"event\":\"flip\",\"generation\":2,\"flip\":{\"a\":1},\"message\":\"flip 1 → 2\"}\n",
                new JsonLayout().format(flip));
        assertEquals("generation=2 flip 1 → 2", new TextLayout(true).format(flip).substring(3).trim(),
                "text lines leave the event and the record to the JSON layout");
    }

    @Test
    void theProviderWritesFluentPairsAndFormattedArgumentsToStderrAtTheConfiguredLevel() {
        Logger log = LoggerFactory.getLogger("baton");
        LogSetup.apply(new LogConfig(LogConfig.Level.WARN, LogConfig.Format.TEXT));
        log.info("hidden");
        log.atWarn().addKeyValue("generation", 3).log("shown {}", "here");
        log.warn("failed: {}", "x", new IllegalStateException("boom"));
        LoggerFactory.getLogger("okhttp3.OkHttpClient").info("library chatter");
        String out = captured.toString();
        assertTrue(out.matches("(?s)\\S+Z WARN  baton\\[" + PID + "\\] generation=3 shown here\n"
                + "\\S+Z WARN  baton\\[" + PID + "\\] failed: x \\(java.lang.IllegalStateException: boom\\)\n"), out);
    }

    @Test
    void debugLetsBatonTalkButLibrariesStayAtWarn() {
        LogSetup.apply(new LogConfig(LogConfig.Level.DEBUG, LogConfig.Format.JSON));
        LoggerFactory.getLogger("baton").debug("detail");
        LoggerFactory.getLogger("okhttp3.internal").debug("library chatter");
        String out = captured.toString();
        assertTrue(out.contains("\"level\":\"DEBUG\"") && out.contains("\"message\":\"detail\""), out);
        assertTrue(!out.contains("chatter"), out);
    }
}
