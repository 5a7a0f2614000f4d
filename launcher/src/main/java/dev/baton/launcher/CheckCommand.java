package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.HostChecks;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code baton check -c FILE}: validate a config and print it as baton will use it. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Validate the config and print the effective config (defaults filled in, paths resolved, "
                + "env values that may be secrets masked). Exits 0 if valid, 78 if not. With --offline, nothing of "
                + "this host is looked up, and what was skipped is listed on stderr."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the effective config as one JSON object.")
    boolean json;

    @Option(names = "--offline", description = "Lint the config without this host: users, groups, files and "
            + "variables are not looked up (for a machine other than the one it runs on); each skipped lookup is "
            + "named on stderr.")
    boolean offline;

    @Override
    public Integer call() {
        BatonEnvironment environment = BatonEnvironment.fromProcess(System.getenv());
        HostChecks host = HostChecks.offline();
        BatonConfig loaded;
        try {
            loaded = offline ? config.loader(environment).offline(host).load(config.file, TemplateVars.FIRST)
                    : config.loadFirst(environment);
        } catch (ConfigException e) {
            System.err.println("baton: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        System.out.print(json ? EffectiveConfig.toJson(loaded) : EffectiveConfig.toYaml(loaded));
        if (offline) {
            host.skipped().forEach(what -> System.err.println("baton: offline, not checked: " + what));
        }
        return ExitCodes.OK;
    }
}
