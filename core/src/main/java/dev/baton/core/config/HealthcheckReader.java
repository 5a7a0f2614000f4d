package dev.baton.core.config;

import dev.baton.core.health.AllSpec;
import dev.baton.core.health.CheckPlan;
import dev.baton.core.health.CheckPolicy;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.health.PluginException;
import dev.baton.core.health.PolicyPlan;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.Durations;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Quote;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads {@code healthcheck:}: one check of a provider's kind, or {@code all:} of several, with
 * baton's policy keys (interval, timeout, initial_delay, successes, failures_allowed) read here
 * for every kind. {@code {{child_pid}}} stays as written, for the check to render per child.
 */
final class HealthcheckReader {
    static final String ALL = "all";
    /** {@code {{child_pid}}} is only known once the child runs: it stays as it is, for the check to render. */
    static final String CHILD_PID = "child_pid";
    private static final List<String> COMPOSITE_ONLY = List.of("interval", "initial_delay", "successes",
            "failures_allowed");

    private final HealthChecks checks;

    HealthcheckReader(HealthChecks checks) {
        this.checks = checks;
    }

    CheckPlan read(ConfigMap top, ReadContext ctx) throws ConfigException {
        Optional<ConfigNode> n = top.get("healthcheck");
        if (n.isEmpty()) {
            HealthCheckProvider alive = lookup(ConfigLoader.DEFAULT_CHECK).orElseThrow(() -> new ConfigException(
                    ctx.file + ": no `healthcheck` given and the default `alive` check is not installed"));
            ConfigNode node = new ConfigNode(new MappingNode(
                    Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK),
                    "healthcheck." + ConfigLoader.DEFAULT_CHECK, ctx);
            return new PolicyPlan(parse(alive, node.map("a mapping")), CheckPolicy.DEFAULT);
        }
        return readCheck(n.get(), ctx, CheckPolicy.DEFAULT, Set.of());
    }

    /**
     * One check of {@code n}, as {@code healthcheck:} holds it, under {@code defaults} for the
     * policy keys not given; the keys in {@code besides} are the caller's, next to the check.
     */
    PolicyPlan readCheck(ConfigNode n, ReadContext ctx, CheckPolicy defaults, Set<String> besides)
            throws ConfigException {
        ctx.placeholders.put(CHILD_PID, Optional.of("{{" + CHILD_PID + "}}"));
        try {
            Map.Entry<String, ConfigNode> only = single(n, "exactly one check, e.g. " + lastPart(n.path())
                    + ": {http: {url: \"http://127.0.0.1:8080/health\"}}; kinds: " + kinds(), besides);
            if (only.getKey().equals(ALL)) {
                return readAll(only.getValue(), defaults);
            }
            HealthCheckProvider provider = provider(n, only);
            ConfigNode body = only.getValue();
            ConfigMap settings = body.isNull() ? body.emptyMap() : body.map("a mapping of the check's settings");
            HealthCheckSpec spec = parse(provider, settings);
            CheckPolicy policy = policy(settings, defaults);
            settings.finish();
            return new PolicyPlan(spec, policy);
        } finally {
            ctx.placeholders.remove(CHILD_PID);
        }
    }

    private static String lastPart(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private String kinds() throws ConfigException {
        SortedSet<String> all;
        try {
            all = new TreeSet<>(checks.names());
        } catch (PluginException e) {
            throw pluginError(e);
        }
        all.add(ALL);
        return String.join(", ", all);
    }

    private Optional<HealthCheckProvider> lookup(String kind) throws ConfigException {
        try {
            return checks.get(kind);
        } catch (PluginException e) {
            throw pluginError(e);
        }
    }

    /** A plugin baton can't use stops the config load with the plugin's own line. */
    private static ConfigException pluginError(PluginException e) {
        return new ConfigException(e.getMessage());
    }

    private Map.Entry<String, ConfigNode> single(ConfigNode node, String expected, Set<String> besides)
            throws ConfigException {
        ConfigMap m = node.map(expected);
        Map<String, ConfigNode> entries = new LinkedHashMap<>(m.entries());
        entries.keySet().removeAll(besides);
        if (entries.size() != 1) {
            throw node.error(entries.isEmpty() ? "no check given" : entries.size() + " checks given ("
                    + String.join(", ", entries.keySet().stream().map(Quote::clean).toList()) + ")", expected);
        }
        return entries.entrySet().iterator().next();
    }

    private HealthCheckProvider provider(ConfigNode parent, Map.Entry<String, ConfigNode> entry) throws ConfigException {
        Optional<HealthCheckProvider> p = lookup(entry.getKey());
        if (p.isEmpty()) {
            throw ConfigException.at(parent.context().file, entry.getValue().line(), entry.getValue().path(),
                    "unknown check kind " + Quote.value(entry.getKey()), "one of " + kinds());
        }
        return p.get();
    }

    /** {@code all: [checks]} or {@code all: {checks: [...], successes: 2, ...}}. */
    private PolicyPlan readAll(ConfigNode node, CheckPolicy defaults) throws ConfigException {
        String listExpected = "a list of checks, e.g. all: [{notify: {}}, {http: {url: \"http://127.0.0.1:8080/health\"}}]";
        ConfigNode list;
        CheckPolicy policy;
        Duration memberTimeout;
        ConfigMap settings = null;
        if (node.isList()) {
            list = node;
            policy = defaults;
            memberTimeout = defaults.timeout();
        } else {
            settings = node.map(listExpected + ", or a mapping with `checks:` and the policy keys");
            list = settings.require("checks", listExpected);
            policy = policy(settings, defaults);
            memberTimeout = policy.timeout();
        }
        List<ConfigNode> items = list.items(listExpected);
        if (items.isEmpty()) {
            throw list.error("no checks given", listExpected);
        }
        List<AllSpec.Member> members = new ArrayList<>();
        for (ConfigNode item : items) {
            Map.Entry<String, ConfigNode> only = single(item, "exactly one check per item, e.g. - http: {url: ...}", Set.of());
            if (only.getKey().equals(ALL)) {
                throw only.getValue().error("`all` inside `all`", "the checks listed in one `all` (it is an AND already)");
            }
            HealthCheckProvider provider = provider(item, only);
            ConfigNode body = only.getValue();
            ConfigMap m = body.isNull() ? body.emptyMap() : body.map("a mapping of the check's settings");
            HealthCheckSpec spec = parse(provider, m);
            for (String key : COMPOSITE_ONLY) {
                if (m.get(key).isPresent()) {
                    throw m.error(key, "`" + key + "` applies to the whole `all` check, not to one of its checks",
                            "`" + key + "` next to `checks:`, e.g. all: {checks: [...], " + key + ": ...}");
                }
            }
            Duration timeout = m.get("timeout").isPresent() ? m.get("timeout").get().positiveDuration() : memberTimeout;
            m.finish();
            members.add(new AllSpec.Member(spec, timeout));
        }
        if (settings != null) {
            settings.finish();
        }
        return new PolicyPlan(new AllSpec(members), policy);
    }

    private static CheckPolicy policy(ConfigMap s, CheckPolicy defaults) throws ConfigException {
        Duration interval = s.duration("interval", defaults.interval());
        if (interval.toMillis() < 1) {
            throw s.error("interval", Quote.value(Durations.format(interval)) + " is too short", "at least 1ms");
        }
        Duration timeout = s.duration("timeout", defaults.timeout());
        if (timeout.toMillis() < 1) {
            throw s.error("timeout", Quote.value(Durations.format(timeout)) + " is too short", "at least 1ms");
        }
        Duration initialDelay = s.duration("initial_delay", defaults.initialDelay());
        int successes = s.integer("successes", defaults.successes(), 1);
        int failuresAllowed = s.integer("failures_allowed", defaults.failuresAllowed(), 0);
        return new CheckPolicy(interval, timeout, initialDelay, successes, failuresAllowed);
    }

    /** The provider's own keys; the caller reads the policy keys and then calls {@code finish()}. */
    private static HealthCheckSpec parse(HealthCheckProvider provider, ConfigMap settings) throws ConfigException {
        HealthCheckSpec spec;
        try {
            spec = provider.parse(new ProviderSettings(settings));
        } catch (CheckConfigException e) {
            throw new ConfigException(e.getMessage());
        } catch (LinkageError | RuntimeException e) {
            throw settings.node().error("the `" + provider.kind() + "` check failed to read its settings: " + e,
                    "settings its plugin accepts");
        }
        return spec;
    }
}
