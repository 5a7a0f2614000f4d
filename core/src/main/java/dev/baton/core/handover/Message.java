package dev.baton.core.handover;

import dev.baton.core.text.Fields;

import java.util.Map;
import java.util.Optional;

/**
 * Handover protocol version 2: one message per line, a word then {@code key=value} fields or
 * free text. See the README, "How a flip works". Version 1 is version 2 without probation
 * ({@link Probation}, {@link Rollback}): an old baton speaks it when its config has none, so that
 * a new baton of release 0.1 (which refuses any other version) can still take over.
 */
public sealed interface Message {
    /** The version this baton speaks. */
    int PROTOCOL = 2;
    /** The oldest version it still speaks: the one without probation. */
    int WITHOUT_PROBATION = 1;

    String format();

    /** new → old: the new baton read a valid config; its upgrade.timeout. */
    record Hello(long pid, String version, long timeoutMillis) implements Message {
        @Override
        public String format() {
            return "HELLO pid=" + pid + " version=" + version + " timeout_ms=" + timeoutMillis;
        }
    }

    /** new → old: the new child is healthy and the pidfile holds the new baton's pid. */
    record Ready(long pid, long childPid, long generation) implements Message {
        @Override
        public String format() {
            return "READY pid=" + pid + " child=" + childPid + " generation=" + generation;
        }
    }

    /** new → old: the new generation failed. */
    record Fail(String reason) implements Message {
        @Override
        public String format() {
            return "FAIL " + reason.replace('\n', ' ');
        }
    }

    /** either way: stop everything (the sender got TERM or INT). */
    record Stop() implements Message {
        @Override
        public String format() {
            return "STOP";
        }
    }

    /**
     * old → new, version 2: READY was read, and the new generation serves on probation beside the
     * old one for {@code millis}; the old baton stays in charge until it sends ACK or ROLLBACK.
     */
    record Probation(long millis) implements Message {
        @Override
        public String format() {
            return "PROBATION ms=" + millis;
        }
    }

    /**
     * either way, version 2, during probation: the flip is rolled back, for {@code reason}. new →
     * old: the new child failed (it exited, or its liveness check failed); old → new: {@code baton
     * rollback}. The new baton stops its child and exits; the old baton stays in charge.
     */
    record Rollback(String reason) implements Message {
        @Override
        public String format() {
            return "ROLLBACK " + reason.replace('\n', ' ');
        }
    }

    /** old → new: READY was read (version 2: probation passed); the flip is final. */
    record Ack() implements Message {
        @Override
        public String format() {
            return "ACK";
        }
    }

    /** old → new: an upgrade signal reached the old baton after READY; queue a flip. */
    record Upgrade() implements Message {
        @Override
        public String format() {
            return "UPGRADE";
        }
    }

    /** Parses a line; empty for unknown or malformed messages, which the protocol ignores. */
    static Optional<Message> parse(String line) {
        String word = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
        String rest = line.length() > word.length() ? line.substring(word.length() + 1) : "";
        try {
            return Optional.ofNullable(switch (word) {
                case "HELLO" -> {
                    Map<String, String> f = Fields.parse(rest);
                    yield new Hello(Long.parseLong(f.get("pid")), f.getOrDefault("version", "unknown"),
                            Long.parseLong(f.get("timeout_ms")));
                }
                case "READY" -> {
                    Map<String, String> f = Fields.parse(rest);
                    yield new Ready(Long.parseLong(f.get("pid")), Long.parseLong(f.get("child")),
                            Long.parseLong(f.get("generation")));
                }
                case "FAIL" -> new Fail(rest.isEmpty() ? "no reason given" : rest);
                case "STOP" -> new Stop();
                case "ACK" -> new Ack();
                case "UPGRADE" -> new Upgrade();
                case "PROBATION" -> new Probation(Long.parseLong(Fields.parse(rest).get("ms")));
                case "ROLLBACK" -> new Rollback(rest.isEmpty() ? "no reason given" : rest);
                default -> null;
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
