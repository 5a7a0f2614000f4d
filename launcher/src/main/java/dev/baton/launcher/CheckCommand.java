package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code baton check -c FILE}: validate a config and print it as baton will use it. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Validate the config and print the effective config (defaults filled in, paths resolved, "
                + "env values that may be secrets masked). Exits 0 if valid, 78 if not."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the effective config as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        BatonEnvironment environment = BatonEnvironment.fromProcess(System.getenv());
        BatonConfig loaded;
        try {
            loaded = config.loadFirst(environment);
        } catch (ConfigException e) {
            System.err.println("baton: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        System.out.print(json ? EffectiveConfig.toJson(loaded) : EffectiveConfig.toYaml(loaded));
        return ExitCodes.OK;
    }
}
