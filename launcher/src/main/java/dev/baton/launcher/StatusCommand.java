package dev.baton.launcher;

import dev.baton.core.control.ControlClient;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.spi.Durations;
import dev.baton.core.supervisor.BatonEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code baton status [-c FILE] [--json]}: one baton, or without -c every baton this user may ask ({@link StatusList}). */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Show the running baton of this config: generation, baton pid, child pid, version, uptime, "
                + "state and last flip. Without -c, list every running baton of this user (of the machine, for root).",
                "Exit codes: 0 running, 3 not running (none, without -c), 75 no answer within 5s (or busy), "
                + "77 not allowed (another uid's baton, e.g. root's)."})
final class StatusCommand implements Callable<Integer> {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The YAML config file.")
    Path file;

    /** For the code below, which names the config as config.file. */
    private final ConfigOption config = new ConfigOption();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** How long a busy baton is asked again (an old baton that just handed over turns clients away). */
    private static final long BUSY_RETRY_NANOS = 2_000_000_000L;

    private ControlProtocol askPatiently() throws ControlClient.NotRunning, ControlClient.RunsAsRoot,
            ControlClient.NoAnswer, IOException {
        long until = System.nanoTime() + BUSY_RETRY_NANOS;
        while (true) {
            ControlProtocol answer = ControlClient.ask(config.file, BatonEnvironment.fromProcess(System.getenv())
                    .original(), new ControlProtocol.StatusRequest(), ControlClient.ACCEPT_TIMEOUT, ANSWER_TIMEOUT);
            if (!(answer instanceof ControlProtocol.Busy) || System.nanoTime() > until) {
                return answer;
            }
            try {
                Thread.sleep(100); // a bounded pause before asking again, as baton upgrade does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    @Override
    public Integer call() {
        if (file == null) {
            return StatusList.print(json);
        }
        config.file = file;
        ControlProtocol answer;
        try {
            answer = askPatiently();
        } catch (ControlClient.NotRunning e) {
            if (json) {
                System.out.println("{\"running\":false}");
            }
            System.err.println("baton: " + e.getMessage());
            return UpgradeCommand.NOT_RUNNING;
        } catch (ControlClient.RunsAsRoot e) {
            System.err.println("baton: the baton of this config runs as root; run this as root (e.g. sudo baton status -c "
                    + config.file + ")");
            return UpgradeCommand.DENIED;
        } catch (ControlClient.NoAnswer e) {
            System.err.println("baton: " + (e.accepted ? "no answer from baton within " + Durations.format(e.waited)
                    + " (it took the STATUS request at " + e.socket + " but did not answer)" : notAccepting(e)));
            return UpgradeCommand.TIMED_OUT;
        } catch (IOException e) {
            System.err.println("baton: " + e.getMessage());
            return UpgradeCommand.FLIP_FAILED;
        }
        if (answer instanceof ControlProtocol.Denied denied) {
            System.err.println("baton: " + denied.reason());
            return UpgradeCommand.DENIED;
        }
        if (answer instanceof ControlProtocol.Busy busy) {
            System.err.println("baton: baton is busy (" + busy.why() + "); ask again later");
            return UpgradeCommand.TIMED_OUT;
        }
        if (!(answer instanceof ControlProtocol.Status status)) {
            System.err.println("baton: unexpected answer: " + answer.format());
            return UpgradeCommand.FLIP_FAILED;
        }
        String body = status.json();
        if (json) {
            System.out.println("{\"running\":true," + body.substring(1));
            return 0;
        }
        Map<String, String> fields = parse(body);
        System.out.println("baton " + fields.get("version") + " (pid " + fields.get("baton_pid") + "), up "
                + fields.get("uptime_seconds") + " s");
        System.out.println("  generation:  " + fields.get("generation"));
        System.out.println("  child pid:   " + fields.get("child_pid"));
        System.out.println("  state:       " + fields.get("state"));
        System.out.println("  last flip:   " + fields.get("last_flip"));
        System.out.println("  restarts:    " + fields.get("restarts") + " (last: " + fields.get("last_restart") + ")");
        if (!"none".equals(fields.getOrDefault("draining", "none"))) {
            System.out.println("  draining:    " + fields.get("draining"));
        }
        if (fields.containsKey("service_started")) {
            System.out.println("  service up:  " + StatusList.uptime(fields.get("service_uptime_seconds")) + " (since "
                    + FlipLines.localTime(fields.get("service_started")) + ")");
        }
        System.out.println("  config:      " + fields.get("config"));
        List<String> flips = FlipLines.of(body);
        if (!flips.isEmpty()) {
            System.out.println("  recent flips (oldest first):");
            flips.forEach(line -> System.out.println("    " + line));
        }
        return 0;
    }

    /** The one line for a baton that did not accept a connection in time. */
    static String notAccepting(ControlClient.NoAnswer e) {
        return "no answer from baton within " + Durations.format(e.waited) + " (its control socket at " + e.socket
                + " accepts no connections)";
    }

    /**
     * The flat JSON object StatusBoard writes: its string and number members (the first of each
     * name: the flip records that follow reuse some names). The string pattern
     * is unrolled and possessive, so that its depth of recursion grows with the escapes in a
     * value, not with its length (a long list of draining generations overflowed the stack).
     */
    static Map<String, String> parse(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\":(\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"|(-?\\d+))").matcher(json);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\")
                    : m.group(4));
        }
        return out;
    }
}
