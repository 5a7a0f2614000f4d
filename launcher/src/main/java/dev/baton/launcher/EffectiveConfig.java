package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.spi.Durations;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The config as baton will use it, as YAML, with env values masked. */
final class EffectiveConfig {
    static final String MASK = "********";

    private EffectiveConfig() {
    }

    static String toYaml(BatonConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", c.command().argv());
        m.put("program", c.command().program().toString());
        m.put("workdir", c.workdir().toString());
        Map<String, String> env = new LinkedHashMap<>();
        c.env().keySet().forEach(k -> env.put(k, MASK));
        m.put("env", env);
        c.user().ifPresent(u -> m.put("user", u));
        c.group().ifPresent(g -> m.put("group", g));
        c.pidfile().ifPresent(p -> m.put("pidfile", p.toString()));
        if (!c.alternate().isEmpty()) {
            m.put("alternate", c.alternate());
        }
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("signal", c.upgrade().signal().fullName());
        upgrade.put("mode", c.upgrade().mode().yamlName());
        upgrade.put("timeout", Durations.format(c.upgrade().timeout()));
        m.put("upgrade", upgrade);
        Map<String, Object> shutdown = new LinkedHashMap<>();
        shutdown.put("delay", Durations.format(c.shutdown().delay()));
        shutdown.put("signal", c.shutdown().signal().fullName());
        shutdown.put("timeout", Durations.format(c.shutdown().timeout()));
        m.put("shutdown", shutdown);
        m.put("healthcheck", Map.of(c.healthcheck().kind(), new LinkedHashMap<>(c.healthcheck().describe())));
        m.put("restart", c.restart().describe());
        c.liveness().ifPresent(l -> m.put("liveness", l.describe()));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("level", c.log().level().name().toLowerCase(Locale.ROOT));
        log.put("format", c.log().format().name().toLowerCase(Locale.ROOT));
        m.put("log", log);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setPrettyFlow(true);
        return "# effective config for generation 1, read from " + c.source() + "\n" + new Yaml(options).dump(m);
    }
}
