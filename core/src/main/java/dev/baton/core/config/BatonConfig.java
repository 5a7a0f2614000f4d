package dev.baton.core.config;

import dev.baton.core.health.CheckPlan;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.os.Identity;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.spi.Command;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated config for one generation: every placeholder already rendered, every path
 * absolute, the program resolved. Immutable.
 *
 * @param source the file it was read from
 * @param generation the generation it was rendered for
 * @param command the child's command
 * @param workdir the child's working directory
 * @param env variables added to the child's environment, in file order
 * @param user the configured user, for display; {@code identity} holds the resolved ids
 * @param group the configured group, for display
 * @param identity the child's uid/gid
 * @param pidfile where baton writes its pid once the child is healthy
 * @param alternate the values {@code {{alt}}} rotates through
 * @param upgrade {@code upgrade.*}
 * @param shutdown {@code shutdown.*}
 * @param healthcheck the one check
 * @param log {@code log.*}
 * @param listeners {@code listeners:}, in config order
 * @param listenerProtocol how the child is told about its listeners
 * @param restart {@code restart.*}: what a death of the serving child leads to
 * @param liveness {@code liveness:}, if configured: the check that runs while a generation serves
 * @param envFiles {@code env_file:}: the files {@code env} took values from, and which values
 * @param output {@code output.*}: the child's stdout and stderr
 * @param hooks {@code hooks:}: commands run at points of a flip
 * @param metrics {@code metrics.*}: where baton publishes its Prometheus metrics
 */
public record BatonConfig(
        Path source,
        long generation,
        Command command,
        Path workdir,
        Map<String, String> env,
        Optional<String> user,
        Optional<String> group,
        Identity identity,
        Optional<Path> pidfile,
        List<String> alternate,
        UpgradeConfig upgrade,
        ShutdownConfig shutdown,
        CheckPlan healthcheck,
        LogConfig log,
        List<ListenerConfig> listeners,
        ListenerProtocol listenerProtocol,
        RestartConfig restart,
        Optional<LivenessConfig> liveness,
        EnvFiles envFiles,
        OutputConfig output,
        HooksConfig hooks,
        MetricsConfig metrics) {

    public BatonConfig {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        alternate = List.copyOf(alternate);
        listeners = List.copyOf(listeners);
    }

    /** A config without metrics. */
    public BatonConfig(Path source, long generation, Command command, Path workdir, Map<String, String> env,
            Optional<String> user, Optional<String> group, Identity identity, Optional<Path> pidfile,
            List<String> alternate, UpgradeConfig upgrade, ShutdownConfig shutdown, CheckPlan healthcheck,
            LogConfig log, List<ListenerConfig> listeners, ListenerProtocol listenerProtocol, RestartConfig restart,
            Optional<LivenessConfig> liveness, EnvFiles envFiles, OutputConfig output, HooksConfig hooks) {
        this(source, generation, command, workdir, env, user, group, identity, pidfile, alternate, upgrade, shutdown,
                healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output, hooks,
                MetricsConfig.NONE);
    }

    /** A config without hooks. */
    public BatonConfig(Path source, long generation, Command command, Path workdir, Map<String, String> env,
            Optional<String> user, Optional<String> group, Identity identity, Optional<Path> pidfile,
            List<String> alternate, UpgradeConfig upgrade, ShutdownConfig shutdown, CheckPlan healthcheck,
            LogConfig log, List<ListenerConfig> listeners, ListenerProtocol listenerProtocol, RestartConfig restart,
            Optional<LivenessConfig> liveness, EnvFiles envFiles, OutputConfig output) {
        this(source, generation, command, workdir, env, user, group, identity, pidfile, alternate, upgrade, shutdown,
                healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output, HooksConfig.NONE);
    }

    /** A config without env files, with inherited output. */
    public BatonConfig(Path source, long generation, Command command, Path workdir, Map<String, String> env,
            Optional<String> user, Optional<String> group, Identity identity, Optional<Path> pidfile,
            List<String> alternate, UpgradeConfig upgrade, ShutdownConfig shutdown, CheckPlan healthcheck,
            LogConfig log, List<ListenerConfig> listeners, ListenerProtocol listenerProtocol, RestartConfig restart,
            Optional<LivenessConfig> liveness) {
        this(source, generation, command, workdir, env, user, group, identity, pidfile, alternate, upgrade, shutdown,
                healthcheck, log, listeners, listenerProtocol, restart, liveness, EnvFiles.NONE, OutputConfig.INHERIT);
    }

    /** A config without restarts or liveness. */
    public BatonConfig(Path source, long generation, Command command, Path workdir, Map<String, String> env,
            Optional<String> user, Optional<String> group, Identity identity, Optional<Path> pidfile,
            List<String> alternate, UpgradeConfig upgrade, ShutdownConfig shutdown, CheckPlan healthcheck,
            LogConfig log, List<ListenerConfig> listeners, ListenerProtocol listenerProtocol) {
        this(source, generation, command, workdir, env, user, group, identity, pidfile, alternate, upgrade, shutdown,
                healthcheck, log, listeners, listenerProtocol, RestartConfig.NEVER, Optional.empty());
    }

    /** A config without listeners. */
    public BatonConfig(Path source, long generation, Command command, Path workdir, Map<String, String> env,
            Optional<String> user, Optional<String> group, Identity identity, Optional<Path> pidfile,
            List<String> alternate, UpgradeConfig upgrade, ShutdownConfig shutdown, CheckPlan healthcheck,
            LogConfig log) {
        this(source, generation, command, workdir, env, user, group, identity, pidfile, alternate, upgrade, shutdown,
                healthcheck, log, List.of(), ListenerProtocol.SYSTEMD);
    }

    /** The same config with {@code restart} and {@code liveness} instead. */
    public BatonConfig withSupervision(RestartConfig restart, Optional<LivenessConfig> liveness) {
        return new BatonConfig(source, generation, command, workdir, env, user, group, identity, pidfile, alternate,
                upgrade, shutdown, healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output,
                hooks, metrics);
    }

    /** The same config with {@code output} instead. */
    public BatonConfig withOutput(OutputConfig output) {
        return new BatonConfig(source, generation, command, workdir, env, user, group, identity, pidfile, alternate,
                upgrade, shutdown, healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output,
                hooks, metrics);
    }

    /** The same config with {@code hooks} instead. */
    public BatonConfig withHooks(HooksConfig hooks) {
        return new BatonConfig(source, generation, command, workdir, env, user, group, identity, pidfile, alternate,
                upgrade, shutdown, healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output,
                hooks, metrics);
    }

    /** The same config with {@code metrics} instead. */
    public BatonConfig withMetrics(MetricsConfig metrics) {
        return new BatonConfig(source, generation, command, workdir, env, user, group, identity, pidfile, alternate,
                upgrade, shutdown, healthcheck, log, listeners, listenerProtocol, restart, liveness, envFiles, output,
                hooks, metrics);
    }
}
