package dev.baton.core.control;

import dev.baton.core.text.Fields;

import java.util.Map;
import java.util.Optional;

/**
 * The control socket's protocol, version {@value #VERSION}: one line each way. The baton says who it
 * is ({@link Banner}), or why it won't serve ({@link Denied}, {@link Busy}); the client sends one
 * request ({@link StatusRequest}, {@link UpgradeRequest}, {@link CommitRequest},
 * {@link RollbackRequest}, {@link DryRunRequest}); the baton answers one line and closes. An {@code upgrade} is answered
 * once its flip has an outcome; a {@code commit} or {@code rollback} at once, with
 * {@link ProbationEnded} or, if no flip is in probation, {@link Failed}.
 */
public sealed interface ControlProtocol {
    int VERSION = 1;

    String format();

    /** baton → client, first: this is baton {@code pid}, speaking version 1. */
    record Banner(long pid) implements ControlProtocol {
        @Override
        public String format() {
            return "BATON " + VERSION + " pid=" + pid;
        }
    }

    /** baton → client: this client's uid may not control this baton. */
    record Denied(String reason) implements ControlProtocol {
        @Override
        public String format() {
            return "DENIED " + reason;
        }
    }

    /** baton → client: not now (a flip runs, too many connections, ...); ask again. */
    record Busy(String why) implements ControlProtocol {
        @Override
        public String format() {
            return "BUSY " + why;
        }
    }

    /** client → baton. */
    record StatusRequest() implements ControlProtocol {
        @Override
        public String format() {
            return "STATUS";
        }
    }

    /**
     * client → baton: flip now, and answer when the flip has ended; {@code reexec}: by a re-exec,
     * whatever {@code upgrade.mode} says ({@code UPGRADE reexec}; a baton older than that option
     * answers {@link Error}).
     */
    record UpgradeRequest(boolean reexec, boolean progress) implements ControlProtocol {
        public UpgradeRequest() {
            this(false, false);
        }

        public UpgradeRequest(boolean reexec) {
            this(reexec, false);
        }

        @Override
        public String format() {
            return "UPGRADE" + (reexec ? " reexec" : "") + (progress ? " progress" : "");
        }
    }

    /**
     * baton → client, before the answer to {@code UPGRADE progress}: one phase of the flip
     * ({@code child started (pid 4188)}, {@code waiting for health (http check: connection
     * refused (attempt 5, 0.4 s))}, ...). A client that did not ask for them never gets them.
     */
    record Progress(String line) implements ControlProtocol {
        @Override
        public String format() {
            return "PROGRESS " + line.replace('\n', ' ');
        }
    }

    /** client → baton: end the probation of the flip in progress now, committing it. */
    record CommitRequest() implements ControlProtocol {
        @Override
        public String format() {
            return "COMMIT";
        }
    }

    /** client → baton: end the probation of the flip in progress now, rolling it back. */
    record RollbackRequest() implements ControlProtocol {
        @Override
        public String format() {
            return "ROLLBACK";
        }
    }

    /** baton → client: the probation ended as asked; {@code what} says how. */
    record ProbationEnded(String what) implements ControlProtocol {
        @Override
        public String format() {
            return "ENDED " + what.replace('\n', ' ');
        }
    }

    /** baton → client: the status, one JSON object. */
    record Status(String json) implements ControlProtocol {
        @Override
        public String format() {
            return "STATUS " + json;
        }
    }

    /** baton → client: the new generation took over; {@code oldBatonPid} (re-exec, else 0) exits once its child is gone. */
    record Upgraded(long generation, long batonPid, long childPid, long oldBatonPid) implements ControlProtocol {
        @Override
        public String format() {
            return "OK generation=" + generation + " baton_pid=" + batonPid + " child_pid=" + childPid
                    + " old_baton_pid=" + oldBatonPid;
        }
    }

    /** baton → client: the flip failed, and why. */
    record Failed(String reason) implements ControlProtocol {
        @Override
        public String format() {
            return "FAIL " + reason.replace('\n', ' ');
        }
    }

    /** client → baton: the flip records of this service ({@code baton history}). */
    record HistoryRequest() implements ControlProtocol {
        @Override
        public String format() {
            return "HISTORY";
        }
    }

    /** baton → client: {@code {"service_started":…,"flips":[record, …]}}, oldest first. */
    record History(String json) implements ControlProtocol {
        @Override
        public String format() {
            return "HISTORY " + json;
        }
    }

    /**
     * client → baton: read the config now, in the running baton's environment, and say whether a
     * flip would start and what would change; nothing is started or changed.
     */
    record DryRunRequest() implements ControlProtocol {
        @Override
        public String format() {
            return "DRYRUN";
        }
    }

    /**
     * baton → client, to a dry run: a flip would start ({@code how}: which kind, and why), and
     * {@code diff}, the effective config's lines that differ (old generation, then new: {@code -
     * key: value}, {@code + key: value}). On the wire: {@code WOULDFLIP how<TAB>line<TAB>line},
     * each part with backslash, tab and newline escaped.
     */
    record WouldFlip(String how, java.util.List<String> diff) implements ControlProtocol {
        public WouldFlip {
            diff = java.util.List.copyOf(diff);
        }

        @Override
        public String format() {
            StringBuilder sb = new StringBuilder("WOULDFLIP ").append(escape(how));
            diff.forEach(line -> sb.append('\t').append(escape(line)));
            return sb.toString();
        }
    }

    /**
     * baton → client, to an upgrade or a dry run: the config is invalid, as the running baton read
     * it in its own environment (the client exits 78); nothing was started.
     */
    record Invalid(String reason) implements ControlProtocol {
        @Override
        public String format() {
            return "INVALID " + reason.replace('\n', ' ');
        }
    }

    /** baton → client: a request baton doesn't know, or a bug. */
    record Error(String what) implements ControlProtocol {
        @Override
        public String format() {
            return "ERROR " + what;
        }
    }

    /** {@code UPGRADE [reexec] [progress]}, the words in any order; null for any other word. */
    private static UpgradeRequest upgradeRequest(String rest) {
        boolean reexec = false;
        boolean progress = false;
        for (String w : rest.trim().split("\\s+")) {
            if (w.equals("reexec")) {
                reexec = true;
            } else if (w.equals("progress")) {
                progress = true;
            } else if (!w.isEmpty()) {
                return null;
            }
        }
        return new UpgradeRequest(reexec, progress);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Parses one line; empty if it is none of these. */
    static Optional<ControlProtocol> parse(String line) {
        String word = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
        String rest = line.length() > word.length() ? line.substring(word.length() + 1) : "";
        try {
            return Optional.ofNullable(switch (word) {
                case "BATON" -> rest.startsWith(VERSION + " pid=")
                        ? new Banner(Long.parseLong(rest.substring((VERSION + " pid=").length()).trim())) : null;
                case "DENIED" -> new Denied(rest);
                case "BUSY" -> new Busy(rest.trim());
                case "STATUS" -> rest.isEmpty() ? new StatusRequest() : new Status(rest);
                case "UPGRADE" -> upgradeRequest(rest);
                case "PROGRESS" -> new Progress(rest);
                case "COMMIT" -> rest.isEmpty() ? new CommitRequest() : null;
                case "ROLLBACK" -> rest.isEmpty() ? new RollbackRequest() : null;
                case "ENDED" -> new ProbationEnded(rest);
                case "OK" -> {
                    Map<String, String> f = Fields.parse(rest);
                    yield new Upgraded(Long.parseLong(f.get("generation")), Long.parseLong(f.get("baton_pid")),
                            Long.parseLong(f.get("child_pid")), Long.parseLong(f.getOrDefault("old_baton_pid", "0")));
                }
                case "FAIL" -> new Failed(rest);
                case "DRYRUN" -> rest.isEmpty() ? new DryRunRequest() : null;
                case "HISTORY" -> rest.isEmpty() ? new HistoryRequest() : new History(rest);
                case "INVALID" -> new Invalid(rest);
                case "WOULDFLIP" -> {
                    String[] parts = rest.split("\t", -1);
                    java.util.List<String> diff = new java.util.ArrayList<>();
                    for (int i = 1; i < parts.length; i++) {
                        diff.add(unescape(parts[i]));
                    }
                    yield new WouldFlip(unescape(parts[0]), diff);
                }
                case "ERROR" -> new Error(rest);
                default -> null;
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
