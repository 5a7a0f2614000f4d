package dev.baton.core.config;

import dev.baton.core.spi.Quote;

import java.util.Locale;
import java.util.Optional;

/** Reads {@code output: {mode: inherit | pipe, prefix: "..."}}. */
final class OutputReader {
    /** A prefix longer than this is a mistake (it is written before every line). */
    static final int MAX_PREFIX = 256;

    private OutputReader() {
    }

    static OutputConfig read(ConfigMap top, ReadContext ctx) throws ConfigException {
        Optional<ConfigNode> n = top.get("output");
        if (n.isEmpty()) {
            return OutputConfig.INHERIT;
        }
        ConfigMap m = n.get().map("a mapping with mode (inherit or pipe) and prefix");
        OutputConfig.Mode mode = OutputConfig.Mode.INHERIT;
        Optional<ConfigNode> modeNode = m.get("mode");
        if (modeNode.isPresent()) {
            String t = modeNode.get().text("inherit or pipe");
            mode = switch (t.toLowerCase(Locale.ROOT)) {
                case "inherit" -> OutputConfig.Mode.INHERIT;
                case "pipe" -> OutputConfig.Mode.PIPE;
                default -> throw modeNode.get().error(Quote.value(t) + " is not an output mode", "inherit or pipe");
            };
        }
        String prefix = OutputConfig.DEFAULT_PREFIX;
        Optional<ConfigNode> prefixNode = m.get("prefix");
        if (prefixNode.isPresent()) {
            String expected = "a string with {{generation}} and {{child_pid}}, e.g. \"" + OutputConfig.DEFAULT_PREFIX + "\"";
            // both are rendered per child: a restart in place starts a generation of the config in charge
            Optional<String> generation = ctx.placeholders.get("generation");
            ctx.placeholders.put(HealthcheckReader.CHILD_PID, Optional.of(OutputConfig.CHILD_PID));
            ctx.placeholders.put("generation", Optional.of(OutputConfig.GENERATION));
            try {
                prefix = prefixNode.get().text(expected);
            } finally {
                ctx.placeholders.remove(HealthcheckReader.CHILD_PID);
                ctx.placeholders.put("generation", generation);
            }
            if (prefix.indexOf('\n') >= 0 || prefix.indexOf('\r') >= 0 || prefix.indexOf('\0') >= 0) {
                throw prefixNode.get().error(Quote.value(prefix) + " holds a line break or a NUL", expected);
            }
            if (prefix.length() > MAX_PREFIX) {
                throw prefixNode.get().error("the prefix is longer than " + MAX_PREFIX + " characters", expected);
            }
        }
        m.finish();
        return new OutputConfig(mode, prefix);
    }
}
