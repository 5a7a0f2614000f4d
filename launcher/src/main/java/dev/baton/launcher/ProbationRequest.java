package dev.baton.launcher;

import dev.baton.core.control.ControlClient;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.spi.Durations;
import dev.baton.core.supervisor.BatonEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code baton commit} and {@code baton rollback} share: one request, one line of answer, an exit code. */
final class ProbationRequest {
    static final int ENDED = 0;
    static final int NO_PROBATION = 1;
    static final String EXIT_CODES = "Exit codes: 0 done, 1 no flip in probation, 3 not running, 75 no answer "
            + "within 5s, 77 not allowed (another uid's baton, e.g. root's).";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private ProbationRequest() {
    }

    /** Asks the baton of {@code config} to end its probation; {@code name} is the command's, for messages. */
    static int send(Path config, ControlProtocol request, String name) {
        ControlProtocol answer;
        try {
            answer = ControlClient.ask(config, BatonEnvironment.fromProcess(System.getenv()).original(), request,
                    ControlClient.ACCEPT_TIMEOUT, ANSWER_TIMEOUT);
        } catch (ControlClient.NotRunning e) {
            System.err.println("baton: " + e.getMessage());
            return UpgradeCommand.NOT_RUNNING;
        } catch (ControlClient.RunsAsRoot e) {
            System.err.println("baton: the baton of this config runs as root; run this as root (e.g. sudo baton " + name
                    + " -c " + config + ")");
            return UpgradeCommand.DENIED;
        } catch (ControlClient.NoAnswer e) {
            System.err.println("baton: " + (e.accepted ? "no answer from baton within " + Durations.format(e.waited)
                    : StatusCommand.notAccepting(e)));
            return UpgradeCommand.TIMED_OUT;
        } catch (IOException e) {
            System.err.println("baton: " + e.getMessage());
            return NO_PROBATION;
        }
        if (answer instanceof ControlProtocol.ProbationEnded ended) {
            System.out.println("baton: " + ended.what());
            return ENDED;
        }
        if (answer instanceof ControlProtocol.Failed failed) {
            System.err.println("baton: " + failed.reason());
            return NO_PROBATION;
        }
        if (answer instanceof ControlProtocol.Denied denied) {
            System.err.println("baton: " + denied.reason());
            return UpgradeCommand.DENIED;
        }
        if (answer instanceof ControlProtocol.Busy busy) {
            System.err.println("baton: baton is busy (" + busy.why() + "); ask again");
            return UpgradeCommand.TIMED_OUT;
        }
        if (answer instanceof ControlProtocol.Error error && error.what().startsWith("unknown request")) {
            System.err.println("baton: the running baton does not know " + name + " (an older release)");
            return NO_PROBATION;
        }
        System.err.println("baton: unexpected answer: " + answer.format());
        return NO_PROBATION;
    }
}
