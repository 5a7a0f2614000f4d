package dev.baton.launcher;

import dev.baton.core.control.ControlClient;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.supervisor.BatonEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code baton history -c FILE}: every flip, restart and rollback of this service since its first baton started. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Show the flip records of the running baton of this config: every flip, restart and rollback "
                + "since the service's first baton started, kept across re-exec flips, oldest first: when, generations, "
                + "trigger, mode, result and reason, and how long each phase took.",
            "Exit codes: 0 shown, 1 no answer understood, 3 not running, 75 no answer in time, 77 not allowed."})
final class HistoryCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "The config file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object: service_started and the flips array.")
    boolean json;

    @Override
    public Integer call() {
        ControlProtocol answer;
        try {
            answer = ControlClient.ask(file, BatonEnvironment.fromProcess(System.getenv()).original(),
                    new ControlProtocol.HistoryRequest(), ControlClient.ACCEPT_TIMEOUT, Duration.ofSeconds(5));
        } catch (ControlClient.NotRunning e) {
            System.err.println("baton: " + e.getMessage());
            return UpgradeCommand.NOT_RUNNING;
        } catch (ControlClient.RunsAsRoot e) {
            System.err.println("baton: the baton of this config runs as root; run this as root (e.g. sudo baton "
                    + "history -c " + file + ")");
            return UpgradeCommand.DENIED;
        } catch (ControlClient.NoAnswer e) {
            System.err.println("baton: " + StatusCommand.notAccepting(e));
            return UpgradeCommand.TIMED_OUT;
        } catch (IOException e) {
            System.err.println("baton: " + e.getMessage());
            return UpgradeCommand.FLIP_FAILED;
        }
        if (answer instanceof ControlProtocol.Denied denied) {
            System.err.println("baton: " + denied.reason());
            return UpgradeCommand.DENIED;
        }
        if (!(answer instanceof ControlProtocol.History history)) {
            System.err.println("baton: the running baton does not keep a history (" + answer.format() + ")");
            return UpgradeCommand.FLIP_FAILED;
        }
        if (json) {
            System.out.println(history.json());
            return 0;
        }
        String started = StatusCommand.parse(history.json()).get("service_started");
        System.out.println("service started " + (started == null ? "(unknown)" : FlipLines.localTime(started)));
        List<String> lines = FlipLines.of(history.json());
        if (lines.isEmpty()) {
            System.out.println("no flips yet");
        }
        lines.forEach(System.out::println);
        return 0;
    }
}
