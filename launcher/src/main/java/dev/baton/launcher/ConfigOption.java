package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.config.SystemLookup;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.supervisor.BatonEnvironment;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -c FILE}, and the one way to load it: the installed checks, this host, baton's original environment. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "The YAML config file.")
    Path file;

    /** {@code run --pidfile}, if given: in place of the config's {@code pidfile:} at every generation. */
    Path pidfile;

    /** A loader that reads {@code ${VAR}} from {@code environment}. */
    ConfigLoader loader(BatonEnvironment environment) {
        ConfigLoader loader = new ConfigLoader(HealthChecks.installed(System.getenv()),
                SystemLookup.host(environment.original()));
        return pidfile == null ? loader : loader.withPidfile(pidfile);
    }

    /** The config of generation 1, as {@code check} and {@code upgrade} validate it. */
    BatonConfig loadFirst(BatonEnvironment environment) throws ConfigException {
        return loader(environment).load(file, TemplateVars.FIRST);
    }
}
