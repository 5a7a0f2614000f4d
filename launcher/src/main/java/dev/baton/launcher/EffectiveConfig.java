package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.spi.Durations;
import dev.baton.core.text.Json;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The config as baton will use it, as YAML or JSON, with the env values that may be secrets masked ({@link EnvMask}). */
final class EffectiveConfig {
    private EffectiveConfig() {
    }

    static String toYaml(BatonConfig c) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setPrettyFlow(true);
        return "# effective config for generation 1, read from " + c.source() + "\n" + new Yaml(options).dump(describe(c));
    }

    static String toJson(BatonConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source().toString());
        m.putAll(describe(c));
        return Json.of(m) + "\n";
    }

    static Map<String, Object> describe(BatonConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", c.command().argv());
        m.put("program", c.command().program().toString());
        m.put("workdir", c.workdir().toString());
        Map<String, String> raw = rawEnv(c);
        Map<String, String> env = new LinkedHashMap<>();
        // a value from an env file is masked whatever its name: such files usually hold secrets
        c.env().forEach((k, v) -> env.put(k, c.envFiles().fromFile(k) ? EnvMask.MASK : EnvMask.show(k, raw.get(k), v)));
        m.put("env", env);
        if (!c.envFiles().files().isEmpty()) {
            List<String> files = new ArrayList<>();
            c.envFiles().files().forEach(f -> files.add(f.shown() + (f.present() ? "" : " (missing)")));
            m.put("env_file", files);
            m.put("env_from", new LinkedHashMap<>(c.envFiles().origins()));
        }
        c.user().ifPresent(u -> m.put("user", u));
        c.group().ifPresent(g -> m.put("group", g));
        c.pidfile().ifPresent(p -> m.put("pidfile", p.toString()));
        if (!c.alternate().isEmpty()) {
            m.put("alternate", c.alternate());
        }
        if (!c.listeners().isEmpty()) {
            List<Map<String, Object>> listeners = new ArrayList<>();
            c.listeners().forEach(l -> listeners.add(listener(l)));
            m.put("listeners", listeners);
        }
        m.put("listener_protocol", c.listenerProtocol().yamlName());
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("signal", c.upgrade().signal().fullName());
        upgrade.put("mode", c.upgrade().mode().yamlName());
        upgrade.put("timeout", Durations.format(c.upgrade().timeout()));
        upgrade.put("start_allowance", Durations.format(c.upgrade().startAllowance()));
        upgrade.put("probation", Durations.format(c.upgrade().probation()));
        m.put("upgrade", upgrade);
        Map<String, Object> shutdown = new LinkedHashMap<>();
        shutdown.put("delay", Durations.format(c.shutdown().delay()));
        shutdown.put("signal", c.shutdown().signal().fullName());
        shutdown.put("timeout", Durations.format(c.shutdown().timeout()));
        shutdown.put("max_draining", c.shutdown().maxDraining());
        m.put("shutdown", shutdown);
        m.put("healthcheck", Map.of(c.healthcheck().kind(), new LinkedHashMap<>(c.healthcheck().describe())));
        m.put("restart", c.restart().describe());
        c.liveness().ifPresent(l -> m.put("liveness", l.describe()));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("level", c.log().level().name().toLowerCase(Locale.ROOT));
        log.put("format", c.log().format().name().toLowerCase(Locale.ROOT));
        m.put("log", log);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("mode", c.output().mode().name().toLowerCase(Locale.ROOT));
        if (c.output().mode() == dev.baton.core.config.OutputConfig.Mode.PIPE) {
            output.put("prefix", c.output().prefix());
        }
        m.put("output", output);
        if (!c.hooks().isEmpty()) {
            m.put("hooks", c.hooks().describe());
        }
        if (c.metrics().enabled()) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            c.metrics().listen().ifPresent(a -> metrics.put("listen", a.normalized()));
            c.metrics().textfile().ifPresent(f -> metrics.put("textfile", f.toString()));
            m.put("metrics", metrics);
        }
        return m;
    }

    private static Map<String, Object> listener(ListenerConfig l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("address", l.address().normalized());
        m.put("backlog", l.backlog());
        l.mode().ifPresent(mode -> m.put("mode", String.format("0%o", mode)));
        l.owner().ifPresent(uid -> m.put("owner", uid));
        l.group().ifPresent(gid -> m.put("group", gid));
        if (l.ipv6Only()) {
            m.put("ipv6_only", true);
        }
        return m;
    }

    /** The {@code env:} values as the file writes them, before {@code ${VAR}} is replaced; empty if unreadable. */
    private static Map<String, String> rawEnv(BatonConfig c) {
        try {
            Object doc = new Yaml(new LoaderOptions()).load(Files.readString(c.source(), StandardCharsets.UTF_8));
            Map<String, String> raw = new LinkedHashMap<>();
            if (doc instanceof Map<?, ?> top && top.get("env") instanceof Map<?, ?> env) {
                env.forEach((k, v) -> raw.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // every value masked
        }
    }
}
