package dev.baton.core.handover;

import dev.baton.core.text.Fields;

import java.util.Map;
import java.util.Optional;

/**
 * Handover protocol version 3: one message per line, a word then {@code key=value} fields or
 * free text. See the README, "How a flip works". An old baton speaks the oldest version that its
 * config needs, so that a new baton of an older release (which refuses any version it doesn't
 * know) can still take over when nothing newer is used: version 1 has neither probation nor
 * background drains, version 2 adds probation ({@link Probation}, {@link Rollback}), version 3
 * adds {@link Draining}.
 */
public sealed interface Message {
    /** The version this baton speaks: with overlapping drains (shutdown.max_draining). */
    int PROTOCOL = 3;
    /** The version with probation and without background drains. */
    int WITH_PROBATION = 2;
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

    /**
     * old → new, version 3, after ACK: the old baton drains in the background (shutdown.max_draining)
     * and stays alive until its generations are gone; {@code generations} are what still drains
     * there or in batons before it, one description each. The first one ends the flip at the
     * takeover; the old baton says it again whenever the list changes, and closes the channel when
     * it exits (then the list is empty).
     */
    record Draining(java.util.List<String> generations) implements Message {
        public Draining {
            generations = java.util.List.copyOf(generations);
        }

        @Override
        public String format() {
            return generations.isEmpty() ? "DRAINING" : "DRAINING " + String.join("; ", generations).replace('\n', ' ');
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
                case "DRAINING" -> new Draining(rest.isBlank() ? java.util.List.of() : java.util.List.of(rest.split("; ")));
                default -> null;
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
