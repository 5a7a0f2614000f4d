package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.spi.Command;
import dev.baton.core.config.LivenessConfig;
import dev.baton.core.config.LogConfig;
import dev.baton.core.config.RestartConfig;
import dev.baton.core.config.ShutdownConfig;
import dev.baton.core.config.UpgradeConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.health.CheckPlan;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.os.Identity;
import dev.baton.core.os.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link BatonConfig} records directly, no YAML. Version {@code vN} runs {@code /opt/app/vN}. */
final class TestConfig {
    private final String version;
    private final long generation;
    private final CheckPlan check;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Signal upgradeSignal = Signal.HUP;
    private UpgradeMode mode = UpgradeMode.INPLACE;
    private Duration upgradeTimeout = Duration.ofSeconds(60);
    private Duration stopDelay = Duration.ZERO;
    private Signal stopSignal = Signal.TERM;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private Path pidfile;
    private RestartConfig restart = RestartConfig.NEVER;
    private LivenessConfig liveness;
    private Duration probation = Duration.ZERO;
    private int maxDraining;
    private final java.util.Map<dev.baton.core.config.HooksConfig.Kind, dev.baton.core.config.HooksConfig.Hook> hooks =
            new java.util.EnumMap<>(dev.baton.core.config.HooksConfig.Kind.class);

    private TestConfig(long generation, CheckPlan check) {
        this.version = "v" + generation;
        this.generation = generation;
        this.check = check;
    }

    static TestConfig of(long generation, CheckPlan check) {
        return new TestConfig(generation, check);
    }

    TestConfig env(String name, String value) {
        env.put(name, value);
        return this;
    }

    TestConfig upgradeSignal(Signal s) {
        upgradeSignal = s;
        return this;
    }

    TestConfig mode(UpgradeMode m) {
        mode = m;
        return this;
    }

    TestConfig upgradeTimeout(Duration d) {
        upgradeTimeout = d;
        return this;
    }

    TestConfig stopDelay(Duration d) {
        stopDelay = d;
        return this;
    }

    TestConfig stopSignal(Signal s) {
        stopSignal = s;
        return this;
    }

    TestConfig stopTimeout(Duration d) {
        stopTimeout = d;
        return this;
    }

    TestConfig pidfile(Path p) {
        pidfile = p;
        return this;
    }

    TestConfig restart(RestartConfig r) {
        restart = r;
        return this;
    }

    /** {@code restart: {policy, backoff, max_backoff, max, within}}. */
    TestConfig restart(RestartConfig.Policy policy, Duration backoff, Duration maxBackoff, int max, Duration within) {
        return restart(new RestartConfig(policy, backoff, maxBackoff, max, within));
    }

    TestConfig maxDraining(int n) {
        maxDraining = n;
        return this;
    }

    TestConfig probation(Duration d) {
        probation = d;
        return this;
    }

    TestConfig liveness(LivenessConfig l) {
        liveness = l;
        return this;
    }

    /** A hook of {@code kind} that runs {@code /hooks/NAME}, killed after {@code timeout}. */
    TestConfig hook(dev.baton.core.config.HooksConfig.Kind kind, String name, Duration timeout) {
        hooks.put(kind, new dev.baton.core.config.HooksConfig.Hook(
                new Command(List.of(name), Path.of("/hooks/" + name)), timeout));
        return this;
    }

    BatonConfig build() {
        return buildWithoutHooks().withHooks(new dev.baton.core.config.HooksConfig(hooks));
    }

    private BatonConfig buildWithoutHooks() {
        return new BatonConfig(
                Path.of("/etc/baton/app.yaml"),
                generation,
                new Command(List.of(version, "--serve"), Path.of("/opt/app/" + version)),
                Path.of("/srv/app"),
                env,
                Optional.empty(),
                Optional.empty(),
                Identity.INHERIT,
                Optional.ofNullable(pidfile),
                List.of(),
                new UpgradeConfig(upgradeSignal, mode, upgradeTimeout, UpgradeConfig.DEFAULT_START_ALLOWANCE, probation),
                new ShutdownConfig(stopDelay, stopSignal, stopTimeout, maxDraining),
                check,
                LogConfig.DEFAULT,
                List.of(),
                ListenerProtocol.SYSTEMD,
                restart,
                Optional.ofNullable(liveness));
    }
}
