package dev.baton.core.config;

import dev.baton.core.health.CheckPlan;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.os.Identity;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.os.Signal;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.Quote;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a config file into a validated {@link BatonConfig} for one generation. All checks
 * happen here, once, before anything is spawned.
 */
public final class ConfigLoader {
    public static final String DEFAULT_CHECK = "alive";
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final HealthChecks checks;
    private final SystemLookup system;
    /** {@code baton run --pidfile}: wins over the file's {@code pidfile:}, checked the same way. */
    private final Optional<Path> pidfileOption;
    private final HostChecks host;

    public ConfigLoader(HealthChecks checks, SystemLookup system) {
        this(checks, system, Optional.empty(), HostChecks.online());
    }

    private ConfigLoader(HealthChecks checks, SystemLookup system, Optional<Path> pidfileOption, HostChecks host) {
        this.checks = checks;
        this.system = host.isOffline() ? new OfflineLookup(system, host) : system;
        this.pidfileOption = pidfileOption;
        this.host = host;
    }

    /**
     * This loader, linting without the host ({@code baton check --offline}): users, groups, files
     * and variables are not looked up, and {@code host} says which were skipped.
     */
    public ConfigLoader offline(HostChecks offline) {
        return new ConfigLoader(checks, system, pidfileOption, offline);
    }

    /** This loader, with {@code pidfile} (from the command line) in place of any {@code pidfile:} of the file. */
    public ConfigLoader withPidfile(Path pidfile) {
        return new ConfigLoader(checks, system, Optional.of(pidfile.toAbsolutePath().normalize()), host);
    }

    public BatonConfig load(Path file, TemplateVars vars) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        String display = file.toString();
        String text = read(abs, display);
        Node root = compose(text, display);
        ReadContext ctx = new ReadContext(display, abs.getParent(), system.env());
        ctx.placeholders.put("generation", Optional.of(Long.toString(vars.generation())));
        ConfigNode top = new ConfigNode(root, "", ctx);
        if (!(root instanceof MappingNode)) {
            throw top.error("the file holds " + top.shown(), "a mapping of keys, starting with `command:`");
        }
        ConfigMap map = top.map("a mapping");

        List<String> alternate = readAlternate(map);
        ctx.placeholders.put("alt", vars.alt(alternate));

        EnvFilesReader.Result fromFiles = EnvFilesReader.read(map, system.effectiveUid(), host);
        Map<String, String> env = new LinkedHashMap<>(fromFiles.values());
        Map<String, String> own = readEnv(map);
        env.putAll(own); // the config's own env: wins over the files
        EnvFiles envFiles = new EnvFiles(fromFiles.files().files(), withoutKeys(fromFiles.files().origins(), own));
        Path workdir = readWorkdir(map);
        String path = env.containsKey("PATH") ? env.get("PATH") : system.env().get("PATH");
        ctx.resolver = new CommandResolver(path, workdir, host);
        Command command = map.require("command", "the program to supervise, e.g. command: [./app, --port, \"8080\"]")
                .command();

        Optional<String> user = text(map, "user", "an existing user name or a uid");
        Optional<String> group = text(map, "group", "an existing group name or a gid");
        Identity identity = resolveIdentity(map, user, group);
        Optional<Path> pidfile = readPidfile(map, system.effectiveUid(), pidfileOption.isPresent() || host.isOffline());
        if (host.isOffline() && !pidfileOption.isPresent() && map.get("pidfile").isPresent()) {
            pidfile = Optional.of(map.get("pidfile").get().pathValue("a file path"));
            host.skip("pidfile " + pidfile.get() + ": its directory not checked");
        }
        if (pidfileOption.isPresent()) {
            pidfile = Optional.of(checkedOption(pidfileOption.get()));
        }
        UpgradeConfig upgrade = readUpgrade(map);
        ShutdownConfig shutdown = readShutdown(map);
        CheckPlan check = new HealthcheckReader(checks).read(map, ctx);
        LogConfig log = readLog(map);
        List<ListenerConfig> listeners = new ListenersReader(system, host).read(map);
        ListenerProtocol protocol = ListenersReader.protocol(map);
        RestartConfig restart = RestartReader.read(map);
        Optional<LivenessConfig> liveness = new LivenessReader(checks).read(map, ctx);
        OutputConfig output = OutputReader.read(map, ctx);
        HooksConfig hooks = HooksReader.read(map);
        MetricsConfig metrics = MetricsReader.read(map, host);
        map.finish();
        IdentityGuard.check(check, listeners, map);
        return new BatonConfig(abs, vars.generation(), command, workdir, env, user, group, identity, pidfile,
                alternate, upgrade, shutdown, check, log, listeners, protocol, restart, liveness, envFiles, output,
                hooks, metrics);
    }

    private static Map<String, String> withoutKeys(Map<String, String> origins, Map<String, String> own) {
        Map<String, String> m = new LinkedHashMap<>(origins);
        m.keySet().removeAll(own.keySet());
        return m;
    }

    private static String read(Path abs, String display) throws ConfigException {
        try {
            if (Files.isDirectory(abs)) {
                throw new ConfigException(display + ": is a directory; expected a YAML file");
            }
            if (Files.size(abs) > MAX_FILE_BYTES) {
                throw new ConfigException(display + ": larger than 1 MiB; expected a small YAML file");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(abs))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(display + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(display + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(display + ": not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(display + ": cannot read: " + e.getMessage());
        }
    }

    private static Node compose(String text, String display) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null || root.getTag().equals(Tag.NULL)) {
                throw new ConfigException(display + ": the file is empty; expected a mapping with at least `command:`");
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            throw ConfigException.at(display, line, "", "YAML syntax error: " + oneLine(problem), "valid YAML");
        } catch (YAMLException e) {
            throw ConfigException.at(display, 0, "", "YAML error: " + oneLine(e.getMessage()), "valid YAML");
        }
    }

    /** SnakeYAML's text on one line: runs of white space become one space, anything else invisible is escaped. */
    private static String oneLine(String s) {
        return s == null ? "" : Quote.clean(s.replaceAll("\\s+", " ").trim());
    }

    private static Optional<String> text(ConfigMap map, String key, String expected) throws ConfigException {
        Optional<ConfigNode> n = map.get(key);
        return n.isPresent() ? Optional.of(n.get().text(expected)) : Optional.empty();
    }

    private static List<String> readAlternate(ConfigMap map) throws ConfigException {
        Optional<ConfigNode> n = map.get("alternate");
        if (n.isEmpty()) {
            return List.of();
        }
        String expected = "a list of values that {{alt}} rotates through, e.g. [\"8081\", \"8082\"]";
        List<ConfigNode> items = n.get().items(expected);
        if (items.isEmpty()) {
            throw n.get().error("the list is empty", expected);
        }
        List<String> values = new ArrayList<>();
        for (ConfigNode item : items) {
            values.add(item.text(expected));
        }
        return values;
    }

    private static Map<String, String> readEnv(ConfigMap map) throws ConfigException {
        Optional<ConfigNode> n = map.get("env");
        Map<String, String> env = new LinkedHashMap<>();
        if (n.isEmpty()) {
            return env;
        }
        ConfigMap m = n.get().map("a mapping of variable names to values, e.g. env: {PORT: \"8080\"}");
        for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                throw ConfigException.at(m.node().context().file, m.lineOf(name), e.getValue().path(),
                        Quote.value(name) + " is not a valid variable name", "a name without '=', e.g. PORT");
            }
            ConfigNode value = e.getValue();
            if (value.isNull()) {
                throw value.error("the value is empty", "a string; write \"\" for an empty value");
            }
            String expected = "a string; nested values are not allowed";
            env.put(name, value.cString(value.text(expected), expected));
        }
        return env;
    }

    private Path readWorkdir(ConfigMap map) throws ConfigException {
        Optional<ConfigNode> n = map.get("workdir");
        if (n.isEmpty()) {
            return system.cwd();
        }
        Path dir = n.get().pathValue("a directory");
        if (host.isOffline()) {
            host.skip("workdir " + dir + ": not checked that it exists");
        } else if (!Files.isDirectory(dir)) {
            throw n.get().error(Files.exists(dir) ? dir + " is not a directory" : dir + " does not exist",
                    "an existing directory");
        }
        return dir;
    }

    /**
     * The child's ids, and its supplementary groups: those of the user's passwd entry, or none for
     * a bare uid that has no entry (setpriv's --init-groups needs one).
     */
    private Identity resolveIdentity(ConfigMap map, Optional<String> user, Optional<String> group)
            throws ConfigException {
        OptionalInt uid = OptionalInt.empty();
        OptionalInt gid = OptionalInt.empty();
        if (user.isPresent()) {
            uid = OptionalInt.of(Ids.resolve(map.get("user").orElseThrow(), user.get(), Ids.Kind.USER, system));
        }
        if (group.isPresent()) {
            gid = OptionalInt.of(Ids.resolve(map.get("group").orElseThrow(), group.get(), Ids.Kind.GROUP, system));
        }
        int euid = system.effectiveUid();
        if (euid != 0 && (uid.isPresent() && uid.getAsInt() != euid || gid.isPresent())) {
            String key = uid.isPresent() && uid.getAsInt() != euid ? "user" : "group";
            throw map.error(key, "switching the child's identity needs baton to run as root (it runs as uid "
                    + euid + ")", "no `" + key + "` key, or baton started as root");
        }
        if (uid.isEmpty()) {
            return gid.isEmpty() ? Identity.INHERIT : Identity.group(gid.getAsInt());
        }
        if (euid != 0) {
            // baton's own user: nothing to switch (and without root, setpriv could not set the groups)
            return Identity.INHERIT;
        }
        OptionalInt primary = system.primaryGid(uid.getAsInt());
        return Identity.user(uid.getAsInt(), gid.orElse(primary.orElse(uid.getAsInt())), primary.isPresent());
    }

    /** @param overridden --pidfile was given: the key is read (it is known) but not checked */
    private static Optional<Path> readPidfile(ConfigMap map, int euid, boolean overridden) throws ConfigException {
        Optional<ConfigNode> n = map.get("pidfile");
        if (n.isEmpty() || overridden) {
            return Optional.empty();
        }
        Path p = n.get().pathValue("a file path");
        Optional<String[]> problem = pidfileProblem(p, euid);
        if (problem.isPresent()) {
            throw n.get().error(problem.get()[0], problem.get()[1]);
        }
        return Optional.of(p);
    }

    private Path checkedOption(Path p) throws ConfigException {
        Optional<String[]> problem = pidfileProblem(p, system.effectiveUid());
        if (problem.isPresent()) {
            throw new ConfigException("--pidfile " + p + ": " + problem.get()[0] + "; expected " + problem.get()[1]);
        }
        return p;
    }

    /** Why baton may not use {@code p} as its pidfile: {problem, what is expected}; empty if it may. */
    private static Optional<String[]> pidfileProblem(Path p, int euid) {
        if (Files.isDirectory(p)) {
            return Optional.of(new String[] {p + " is a directory", "a file path"});
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.of(new String[] {"directory " + dir + " does not exist", "a file in an existing directory"});
        }
        if (!Files.isWritable(dir)) {
            return Optional.of(new String[] {"directory " + dir + " is not writable", "a file in a directory baton can write"});
        }
        return DirectoryCheck.problem(dir, euid).map(unsafe -> new String[] {unsafe, "a directory only root"
                + (euid == 0 ? "" : " or uid " + euid) + " can write to, as systemd requires for PIDFile= (e.g. /run)"});
    }

    private UpgradeConfig readUpgrade(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("upgrade");
        if (n.isEmpty()) {
            return new UpgradeConfig(UpgradeConfig.DEFAULT_SIGNAL, autoMode(), UpgradeConfig.DEFAULT_TIMEOUT);
        }
        ConfigMap m = n.get().map("a mapping with signal, mode, timeout, start_allowance, probation");
        Signal signal = m.get("signal").isPresent()
                ? m.get("signal").get().signal(SignalRules.UPGRADE, "as upgrade.signal")
                : UpgradeConfig.DEFAULT_SIGNAL;
        UpgradeMode mode = autoMode();
        Optional<ConfigNode> modeNode = m.get("mode");
        if (modeNode.isPresent()) {
            String t = modeNode.get().text("auto, reexec or inplace");
            mode = switch (t.toLowerCase(Locale.ROOT)) {
                case "auto" -> autoMode();
                case "reexec" -> UpgradeMode.REEXEC;
                case "inplace" -> UpgradeMode.INPLACE;
                default -> throw modeNode.get().error(Quote.value(t) + " is not a mode", "auto, reexec or inplace");
            };
            if (mode == UpgradeMode.REEXEC && system.isPid1()) {
                throw modeNode.get().error(Quote.value("reexec")
                        + ": reexec can't work with baton as PID 1 (its exit would end the container)",
                        "upgrade.mode: inplace or auto");
            }
        }
        Duration timeout = m.get("timeout").isPresent() ? m.get("timeout").get().positiveDuration()
                : UpgradeConfig.DEFAULT_TIMEOUT;
        Duration allowance = m.get("start_allowance").isPresent() ? m.get("start_allowance").get().duration()
                : UpgradeConfig.DEFAULT_START_ALLOWANCE;
        Duration probation = m.get("probation").isPresent() ? m.get("probation").get().duration()
                : UpgradeConfig.DEFAULT_PROBATION;
        m.finish();
        return new UpgradeConfig(signal, mode, timeout, allowance, probation);
    }

    /** {@code auto}, which as PID 1 is {@code inplace}: a re-exec would end the container. */
    private UpgradeMode autoMode() {
        return system.isPid1() ? UpgradeMode.INPLACE : UpgradeMode.AUTO;
    }

    private static ShutdownConfig readShutdown(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("shutdown");
        if (n.isEmpty()) {
            return new ShutdownConfig(Duration.ZERO, ShutdownConfig.DEFAULT_SIGNAL, ShutdownConfig.DEFAULT_TIMEOUT);
        }
        ConfigMap m = n.get().map("a mapping with delay, signal, timeout, max_draining");
        Duration delay = m.get("delay").isPresent() ? m.get("delay").get().duration() : Duration.ZERO;
        Signal signal = m.get("signal").isPresent()
                ? m.get("signal").get().signal(SignalRules.SHUTDOWN, "as shutdown.signal")
                : ShutdownConfig.DEFAULT_SIGNAL;
        Duration timeout = m.get("timeout").isPresent() ? m.get("timeout").get().positiveDuration()
                : ShutdownConfig.DEFAULT_TIMEOUT;
        int maxDraining = 0;
        Optional<ConfigNode> draining = m.get("max_draining");
        if (draining.isPresent()) {
            maxDraining = draining.get().integer(0);
        }
        m.finish();
        return new ShutdownConfig(delay, signal, timeout, maxDraining);
    }

    private static LogConfig readLog(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("log");
        if (n.isEmpty()) {
            return LogConfig.DEFAULT;
        }
        ConfigMap m = n.get().map("a mapping with level, format");
        LogConfig.Level level = LogConfig.DEFAULT.level();
        Optional<ConfigNode> l = m.get("level");
        if (l.isPresent()) {
            level = enumValue(l.get(), LogConfig.Level.class, "trace, debug, info, warn or error");
        }
        LogConfig.Format format = LogConfig.DEFAULT.format();
        Optional<ConfigNode> f = m.get("format");
        if (f.isPresent()) {
            format = enumValue(f.get(), LogConfig.Format.class, "text or json");
        }
        m.finish();
        return new LogConfig(level, format);
    }

    private static <E extends Enum<E>> E enumValue(ConfigNode n, Class<E> type, String expected) throws ConfigException {
        String t = n.text(expected);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        throw n.error(Quote.value(t) + " is not allowed", expected);
    }
}
