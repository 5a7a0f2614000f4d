package dev.baton.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/** baton(1) in troff, from the picocli model: commands, their options, and the exit codes. */
final class ManPage {
    private ManPage() {
    }

    static String render(CommandLine root, String version) {
        CommandSpec spec = root.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(".TH BATON 1 \"").append(LocalDate.now(ZoneOffset.UTC)).append("\" \"baton ").append(esc(version))
                .append("\" \"User Commands\"\n");
        m.append(".SH NAME\nbaton \\- zero-downtime process flipper for Linux\n");
        m.append(".SH SYNOPSIS\n.B baton\n.I COMMAND\n.RB [ \\-c\n.IR FILE ]\n.RI [ OPTIONS ]\n");
        m.append(".SH DESCRIPTION\n").append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
        m.append(".PP\nThe configuration reference, the signals baton handles and how a flip works are in the README,"
                + " installed with baton.\n");
        m.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            m.append(".TP\n.B baton ").append(esc(e.getKey()));
            for (OptionSpec o : sub.options()) {
                if (o.required()) {
                    m.append(" \\fB").append(esc(o.shortestName())).append("\\fR \\fI").append(esc(o.paramLabel()))
                            .append("\\fR");
                }
            }
            m.append('\n').append(esc(String.join(" ", sub.usageMessage().description()))).append('\n');
            for (OptionSpec o : sub.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                m.append(".RS\n.TP\n.BR ").append(esc(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    m.append(" \" \" \\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                m.append('\n').append(esc(String.join(" ", o.description()))).append("\n.RE\n");
            }
        }
        m.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
            m.append(".TP\n.B ").append(esc(e.getKey().trim())).append('\n').append(esc(e.getValue().trim()))
                    .append('\n');
        }
        m.append(".SH FILES\n.TP\n.I /etc/baton/NAME.yaml\nthe config of the baton@NAME systemd unit\n");
        m.append(".SH SEE ALSO\n.BR systemd.service (5),\n.BR sd_notify (3)\n");
        return m.toString();
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
