package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.HooksConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.control.ControlClient;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.spi.Durations;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code baton upgrade -c FILE}: a synchronous flip, for systemd's ExecReload=. */
@Command(name = "upgrade", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Flip the running baton of this config and wait until the flip has ended: the new "
                + "generation took over (exit 0; with upgrade.probation, once the probation passed) or the flip failed "
                + "or was rolled back (exit 1, with the reason baton logged).",
            "Exit codes: 0 took over, 1 flip failed, 3 not running, 75 timed out (no answer within the flip's time "
                + "budget, or no outcome within --timeout), 77 not allowed (another uid's baton, e.g. root's), "
                + "78 invalid config (as the running baton read it, in its own environment; with --dry-run: no flip "
                + "would start)."})
final class UpgradeCommand implements Callable<Integer> {
    static final int FLIP_FAILED = 1;
    static final int NOT_RUNNING = 3;
    static final int TIMED_OUT = 75;
    static final int DENIED = 77;
    static final Duration BUDGET_MARGIN = Duration.ofSeconds(10);
    /** A dry run waits for the loop to read one config: seconds, not a flip's budget. */
    static final Duration DRY_RUN_ANSWER = Duration.ofSeconds(40);

    @Mixin
    ConfigOption config;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait for the flip to end (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--reexec", description = "Flip by a re-exec (a new baton JVM) whatever upgrade.mode says: "
            + "to pick up a new baton when auto can't see the change.")
    boolean reexec;

    @Option(names = "--dry-run", description = "Ask the running baton to read the config as the next flip would, "
            + "in its own environment, and say whether a flip would start and what would change; start nothing. "
            + "Exit 0: a flip would start; 78: it would not (the reason is printed).")
    boolean dryRun;

    /** {@code --dry-run}: one question, one answer; nothing is started or changed. */
    private int dryRun(BatonEnvironment environment) {
        ControlProtocol answer;
        try {
            answer = ControlClient.ask(config.file, environment.original(), new ControlProtocol.DryRunRequest(),
                    ControlClient.ACCEPT_TIMEOUT, DRY_RUN_ANSWER);
        } catch (ControlClient.NotRunning e) {
            System.err.println("baton: " + e.getMessage());
            return NOT_RUNNING;
        } catch (ControlClient.RunsAsRoot e) {
            System.err.println("baton: the baton of this config runs as root; run this as root (e.g. sudo baton "
                    + "upgrade --dry-run -c " + config.file + ")");
            return DENIED;
        } catch (ControlClient.NoAnswer e) {
            System.err.println("baton: no answer from baton within " + Durations.format(e.waited));
            return TIMED_OUT;
        } catch (IOException e) {
            System.err.println("baton: " + e.getMessage());
            return FLIP_FAILED;
        }
        if (answer instanceof ControlProtocol.WouldFlip w) {
            System.out.println("baton: a flip would start: " + w.how());
            System.out.println(w.diff().isEmpty() ? "no change in the effective config" : String.join("\n", w.diff()));
            return ExitCodes.OK;
        }
        if (answer instanceof ControlProtocol.Invalid invalid) {
            System.err.println("baton: no flip would start: " + invalid.reason());
            return ExitCodes.CONFIG;
        }
        if (answer instanceof ControlProtocol.Denied denied) {
            System.err.println("baton: " + denied.reason());
            return DENIED;
        }
        if (answer instanceof ControlProtocol.Busy busy) {
            System.err.println("baton: baton is busy (" + busy.why() + "); ask again");
            return TIMED_OUT;
        }
        if (answer instanceof ControlProtocol.Error) {
            System.err.println("baton: the running baton is older than `baton upgrade --dry-run`");
            return FLIP_FAILED;
        }
        System.err.println("baton: unexpected answer: " + answer.format());
        return FLIP_FAILED;
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration limit = Durations.parse(timeout).orElse(null);
        if (limit == null || limit.isZero()) {
            System.err.println("baton: --timeout " + timeout + " is not a duration; expected e.g. 30s or 5m");
            return ExitCodes.USAGE;
        }
        BatonEnvironment environment = BatonEnvironment.fromProcess(System.getenv());
        if (dryRun) {
            return dryRun(environment);
        }
        // the running baton reads the config, in the service's environment, and says if it is invalid;
        // read here, in the caller's, it only sets how long to wait (the whole --timeout if it can't be read)
        // on a terminal, one line per phase of the flip as it happens; elsewhere only the result
        boolean follow = System.console() != null;
        Duration budget;
        boolean gates = false;
        try {
            BatonConfig c = config.loadFirst(environment);
            budget = flipBudget(c);
            gates = !gate(c, HooksConfig.Kind.BEFORE_FLIP).plus(gate(c, HooksConfig.Kind.AFTER_HEALTHY)).isZero();
        } catch (ConfigException e) {
            budget = limit;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        boolean first = true;
        while (System.nanoTime() < deadline) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            Duration answerTimeout = min(budget, left);
            ControlProtocol answer;
            try {
                answer = ControlClient.ask(config.file, environment.original(),
                        new ControlProtocol.UpgradeRequest(reexec, follow), min(ControlClient.ACCEPT_TIMEOUT, left),
                        answerTimeout, line -> System.out.println("baton: " + line));
            } catch (ControlClient.NotRunning e) {
                if (first) {
                    System.err.println("baton: " + e.getMessage());
                    return NOT_RUNNING;
                }
                answer = new ControlProtocol.Busy("the control socket is changing hands");
            } catch (ControlClient.RunsAsRoot e) {
                System.err.println("baton: the baton of this config runs as root; run this as root (e.g. sudo baton "
                        + "upgrade -c " + config.file + ")");
                return DENIED;
            } catch (ControlClient.NoAnswer e) {
                if (!e.accepted) {
                    System.err.println("baton: " + StatusCommand.notAccepting(e));
                } else if (answerTimeout.equals(budget)) {
                    System.err.println("baton: no answer from baton within " + Durations.format(budget)
                            + ", the flip's time budget (upgrade.start_allowance + upgrade.timeout + upgrade.probation"
                            + " + shutdown.delay"
                            + " + shutdown.timeout + " + (gates ? "the before_flip and after_healthy timeouts + " : "")
                            + Durations.format(BUDGET_MARGIN) + "); a flip may still be running");
                } else {
                    System.err.println("baton: no outcome within " + Durations.format(limit)
                            + "; a flip may still be running");
                }
                return TIMED_OUT;
            } catch (IOException e) {
                System.err.println("baton: " + e.getMessage());
                return FLIP_FAILED;
            }
            first = false;
            if (answer instanceof ControlProtocol.Upgraded ok) {
                return tookOver(ok, deadline);
            }
            if (answer instanceof ControlProtocol.Failed failed) {
                System.err.println("baton: flip failed: " + failed.reason());
                return FLIP_FAILED;
            }
            if (answer instanceof ControlProtocol.Invalid invalid) {
                System.err.println("baton: not flipping: " + invalid.reason());
                return ExitCodes.CONFIG;
            }
            if (answer instanceof ControlProtocol.Denied denied) {
                System.err.println("baton: " + denied.reason());
                return DENIED;
            }
            if (follow && answer instanceof ControlProtocol.Error) {
                follow = false; // a baton older than progress lines: ask again without them
                continue;
            }
            if (reexec && answer instanceof ControlProtocol.Error) {
                System.err.println("baton: the running baton is older than `baton upgrade --reexec`; use upgrade.mode: "
                        + "reexec, or flip without --reexec");
                return FLIP_FAILED;
            }
            if (!(answer instanceof ControlProtocol.Busy)) {
                System.err.println("baton: unexpected answer: " + answer.format());
                return FLIP_FAILED;
            }
            Thread.sleep(100); // a flip is running, or baton serves too many connections; ask again (bounded by the deadline)
        }
        System.err.println("baton: no outcome within " + Durations.format(limit) + "; a flip may still be running");
        return TIMED_OUT;
    }

    /**
     * How long one flip of this config may take, from the request to its answer: a new baton's
     * start (re-exec), the new child's health, its probation, then the old child's delay and stop,
     * and a margin.
     */
    static Duration flipBudget(BatonConfig c) {
        return c.upgrade().startAllowance().plus(c.upgrade().timeout()).plus(c.upgrade().probation())
                .plus(c.shutdown().delay())
                .plus(c.shutdown().timeout()).plus(gate(c, HooksConfig.Kind.BEFORE_FLIP))
                .plus(gate(c, HooksConfig.Kind.AFTER_HEALTHY)).plus(BUDGET_MARGIN);
    }

    /** A gate hook's timeout, which its flip may wait for; zero if none is configured. */
    private static Duration gate(BatonConfig c, HooksConfig.Kind kind) {
        return c.hooks().get(kind).map(HooksConfig.Hook::timeout).orElse(Duration.ZERO);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A re-exec flip ends when the old baton has exited: wait for it. */
    private int tookOver(ControlProtocol.Upgraded ok, long deadline) throws InterruptedException {
        long old = ok.oldBatonPid();
        while (old > 0 && Files.exists(Path.of("/proc/" + old)) && ControlClient.isBaton(old)) {
            if (System.nanoTime() > deadline) {
                System.err.println("baton: the new generation took over, but the old baton (pid " + old
                        + ") has not exited yet");
                return TIMED_OUT;
            }
            Thread.sleep(20);
        }
        System.out.println("baton: generation " + ok.generation() + " took over (baton pid " + ok.batonPid()
                + ", child pid " + ok.childPid() + ")");
        return ExitCodes.OK;
    }
}
