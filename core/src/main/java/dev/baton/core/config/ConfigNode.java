package dev.baton.core.config;

import dev.baton.core.os.Signal;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.Durations;
import dev.baton.core.spi.Quote;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One value of the YAML tree with its path and line, and typed accessors that turn every
 * mistake into a one-line {@link ConfigException}. Scalars are taken as written (so {@code yes}
 * stays "yes"), then {@code ${VAR}} and {@code {{placeholders}}} are applied.
 */
final class ConfigNode {
    private final Node node;
    private final String path;
    private final ReadContext ctx;

    ConfigNode(Node node, String path, ReadContext ctx) {
        this.node = node;
        this.path = path;
        this.ctx = ctx;
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    ReadContext context() {
        return ctx;
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    ConfigException error(String problem, String expected) {
        return ConfigException.at(ctx.file, line(), path, problem, expected);
    }

    /** The value as the user wrote it, for error messages. */
    String shown() {
        if (node instanceof ScalarNode s) {
            return isNull() ? "an empty value" : Quote.value(s.getValue());
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a value";
    }

    String text(String expected) throws ConfigException {
        if (!(node instanceof ScalarNode s) || isNull()) {
            throw error(shown() + " is not a string", expected);
        }
        try {
            return Interpolation.render(s.getValue(), ctx.env, ctx.placeholders);
        } catch (Interpolation.Problem p) {
            throw error(p.getMessage(), p.expected);
        }
    }

    /** An empty mapping standing where this (null) value is, for a check written without settings. */
    ConfigMap emptyMap() throws ConfigException {
        MappingNode empty = new MappingNode(Tag.MAP, true, new ArrayList<>(), node.getStartMark(), node.getEndMark(),
                DumperOptions.FlowStyle.BLOCK);
        return new ConfigMap(this, empty);
    }

    ConfigMap map(String expected) throws ConfigException {
        if (!(node instanceof MappingNode m)) {
            throw error(shown() + " is not a mapping", expected);
        }
        return new ConfigMap(this, m);
    }

    List<ConfigNode> items(String expected) throws ConfigException {
        if (!(node instanceof SequenceNode seq)) {
            throw error(shown() + " is not a list", expected);
        }
        List<ConfigNode> out = new ArrayList<>();
        List<Node> values = seq.getValue();
        for (int i = 0; i < values.size(); i++) {
            out.add(new ConfigNode(values.get(i), path + "[" + i + "]", ctx));
        }
        return out;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean bool() throws ConfigException {
        String expected = "true or false";
        String t = text(expected).trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> throw error(Quote.value(t) + " is not true or false", expected);
        }
    }

    Duration duration() throws ConfigException {
        String t = text(Durations.EXPECTED);
        return Durations.parse(t).orElseThrow(() -> error(Quote.value(t) + " is not a duration", Durations.EXPECTED));
    }

    Duration positiveDuration() throws ConfigException {
        Duration d = duration();
        if (d.isZero()) {
            throw error(Quote.value(text(Durations.EXPECTED)) + " is not allowed here",
                    "a duration above zero, such as 500ms or 30s");
        }
        return d;
    }

    int integer(int min) throws ConfigException {
        String expected = "a whole number of at least " + min;
        String t = text(expected);
        try {
            int v = Integer.parseInt(t.trim());
            if (v < min) {
                throw error(Quote.value(t) + " is too small", expected);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(Quote.value(t) + " is not a whole number", expected);
        }
    }

    Signal signal(Set<Signal> allowed, String useFor) throws ConfigException {
        String expected = "one of " + allowed.stream().map(Signal::fullName).collect(Collectors.joining(", "));
        String t = text(expected);
        Optional<Signal> sig = Signal.parse(t);
        if (sig.isEmpty()) {
            throw error(Quote.value(t) + " is not a signal name", expected);
        }
        if (!allowed.contains(sig.get())) {
            throw error(sig.get().fullName() + " can't be used " + useFor + SignalRules.why(sig.get(), allowed), expected);
        }
        return sig.get();
    }

    /** A command: a list of words, or one string split into shell words (no shell implied). */
    List<String> argv() throws ConfigException {
        String expected = "a list of words, or a string such as \"./app --port 8080\"";
        List<String> words;
        if (node instanceof SequenceNode) {
            words = new ArrayList<>();
            for (ConfigNode item : items(expected)) {
                words.add(item.cString(item.text(expected), expected));
            }
        } else {
            String line = text(expected);
            String[] err = new String[1];
            words = ShellWords.split(line, err)
                    .orElseThrow(() -> error("cannot split " + Quote.value(line) + " into words: " + err[0], expected));
        }
        if (words.isEmpty()) {
            throw error("the command is empty", expected);
        }
        for (String w : words) {
            cString(w, expected);
        }
        return words;
    }

    /**
     * {@code value}, if it can be a C string: a NUL would silently cut an argument or an
     * environment value short at exec.
     */
    String cString(String value, String expected) throws ConfigException {
        if (value.indexOf('\0') >= 0) {
            throw error(Quote.value(value) + " holds a NUL character, which exec would cut it at", expected);
        }
        return value;
    }

    Command command() throws ConfigException {
        List<String> argv = argv();
        String[] why = new String[1];
        Path program = ctx.resolver.resolve(argv.get(0), why)
                .orElseThrow(() -> error("cannot run " + Quote.value(argv.get(0)) + ": " + why[0],
                        "an executable file, by absolute path, by path relative to workdir, or found in PATH"));
        return new Command(argv, program);
    }

    Path pathValue(String expected) throws ConfigException {
        String t = text(expected);
        if (t.isEmpty()) {
            throw error("the path is empty", expected);
        }
        try {
            return ctx.baseDir.resolve(t).normalize();
        } catch (InvalidPathException e) {
            throw error(Quote.value(t) + " is not a valid path", expected);
        }
    }
}
