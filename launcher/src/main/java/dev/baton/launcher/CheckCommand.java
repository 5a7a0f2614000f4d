package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code baton check -c FILE}: validate a config and print it as baton will use it. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Validate the config and print the effective config (defaults filled in, paths resolved, "
                + "env values masked). Exits 0 if valid, 78 if not."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

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
        System.out.print(EffectiveConfig.toYaml(loaded));
        return ExitCodes.OK;
    }
}
