package dev.baton.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The man pages, in troff. baton(1): each command's synopsis, description and options from the picocli
 * model, with its hand-written part (exit status, and the SIGNALS, ENVIRONMENT, FILES and EXAMPLES sections)
 * from docs/man/baton.1.md. baton.yaml(5): docs/config.md, the config reference, as it is.
 */
final class ManPage {
    private ManPage() {
    }

    /** baton(1); {@code handWritten} is docs/man/baton.1.md, with a {@code ## baton NAME} section per command. */
    static String render(CommandLine root, String version, String handWritten) {
        Map<String, String> parts = new LinkedHashMap<>();
        List<MarkdownRoff.Section> sections = MarkdownRoff.sections(handWritten);
        for (MarkdownRoff.Section s : sections.subList(1, sections.size())) {
            parts.put(MarkdownRoff.plain(s.heading()), s.markdown());
        }
        CommandSpec spec = root.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(header("BATON", 1, version, "User Commands"));
        m.append(".SH NAME\nbaton \\- zero\\-downtime process flipper for Linux\n");
        m.append(".SH SYNOPSIS\n.B baton\n.I COMMAND\n.RB [ \\-c\n.IR FILE ]\n.RI [ OPTIONS ]\n");
        m.append(".SH DESCRIPTION\n").append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
        m.append(MarkdownRoff.body(sections.get(0).markdown()));
        m.append(".SH COMMANDS\n");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            String own = parts.remove("baton " + e.getKey());
            if (own == null) {
                missing.add(e.getKey());
                continue;
            }
            command(m, e.getKey(), sub);
            m.append(MarkdownRoff.body(own));
        }
        List<String> extra = parts.keySet().stream().filter(k -> k.startsWith("baton ")).toList();
        for (String name : extra) {
            m.append(".SS ").append(esc(name)).append('\n').append(MarkdownRoff.body(parts.remove(name)));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("docs/man/baton.1.md has no section for: baton " + missing);
        }
        m.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
            m.append(".TP\n.B ").append(esc(e.getKey().trim())).append('\n').append(esc(e.getValue().trim()))
                    .append('\n');
        }
        for (Map.Entry<String, String> e : parts.entrySet()) {
            m.append(".SH ").append(esc(e.getKey().toUpperCase(Locale.ROOT))).append('\n')
                    .append(MarkdownRoff.body(e.getValue()));
        }
        return m.toString();
    }

    /** baton.yaml(5) from docs/config.md: its first paragraphs are the DESCRIPTION, each {@code ##} a section. */
    static String renderConfig(String version, String configReference) {
        StringBuilder m = new StringBuilder();
        m.append(header("BATON.YAML", 5, version, "File Formats"));
        m.append(".SH NAME\nbaton.yaml \\- the configuration file of baton(1)\n");
        m.append(".SH SYNOPSIS\n.I /etc/baton/NAME.yaml\n.br\n.B baton run \\-c\n.I FILE\n");
        List<MarkdownRoff.Section> sections = MarkdownRoff.sections(configReference);
        m.append(".SH DESCRIPTION\n").append(MarkdownRoff.body(sections.get(0).markdown()));
        for (MarkdownRoff.Section s : sections.subList(1, sections.size())) {
            m.append(".SH ").append(esc(MarkdownRoff.plain(s.heading()).toUpperCase(Locale.ROOT))).append('\n')
                    .append(MarkdownRoff.body(s.markdown()));
        }
        return m.toString();
    }

    private static String header(String title, int section, String version, String manual) {
        return ".TH " + title + " " + section + " \"" + LocalDate.now(ZoneOffset.UTC) + "\" \"baton " + esc(version)
                + "\" \"" + manual + "\"\n";
    }

    /** One command's .SS: its synopsis, its description (but the exit codes, which its own part lists), its options. */
    private static void command(StringBuilder m, String name, CommandSpec sub) {
        m.append(".SS baton ").append(esc(name)).append('\n').append(".B baton ").append(esc(name)).append('\n');
        for (OptionSpec o : sub.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String opt = "\\fB" + esc(o.shortestName()) + "\\fR" + (o.arity().max() > 0 ? " \\fI" + esc(o.paramLabel())
                    + "\\fR" : "");
            m.append(o.required() ? opt : "[" + opt + "]").append('\n');
        }
        m.append(".PP\n");
        for (String line : sub.usageMessage().description()) {
            if (!line.startsWith("Exit codes:")) {
                m.append(esc(line)).append('\n');
            }
        }
        for (OptionSpec o : sub.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            m.append(".TP\n.BR ").append(esc(String.join(", ", o.names())));
            if (o.arity().max() > 0) {
                m.append(" \" \" \\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            m.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
        }
    }

    /** troff escapes: backslashes, hyphens, and a leading dot or quote. */
    static String esc(String s) {
        String out = s.replace("\\", "\\e").replace("-", "\\-");
        if (out.startsWith(".") || out.startsWith("'")) {
            out = "\\&" + out;
        }
        return out.replace("\n.", "\n\\&.");
    }
}
