package dev.baton.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markdown of baton's docs, as man(7) troff: so that docs/config.md is the one source of
 * baton.yaml(5), and docs/man/baton.1.md of baton(1)'s hand-written sections. It knows the subset
 * the docs use: headings, paragraphs, bullet and numbered lists (nested by indentation), tables
 * (each row a tagged paragraph: a man page is too narrow for columns), fenced code blocks,
 * inline code, bold, italics and links (their text only). HTML comments and images are dropped.
 */
final class MarkdownRoff {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6}) +(.*)$");
    private static final Pattern BULLET = Pattern.compile("^( *)[-*] +(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^( *)(\\d+)\\. +(.*)$");
    private static final Pattern FENCE = Pattern.compile("^ *```.*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)]*)\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`` ?(.+?) ?``|`([^`]+)`");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\|?[ :|-]+\\|?$");

    private MarkdownRoff() {
    }

    /** A part of a document: its heading (the title's is empty) and its markdown below it. */
    record Section(String heading, String markdown) {
    }

    /** The document cut at its {@code ##} headings; the first section is what comes before the first. */
    static List<Section> sections(String markdown) {
        List<Section> out = new ArrayList<>();
        String heading = "";
        StringBuilder body = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
            }
            Matcher h = HEADING.matcher(line);
            if (!fenced && h.matches() && h.group(1).length() <= 2) {
                if (h.group(1).length() == 2) {
                    out.add(new Section(heading, body.toString()));
                    heading = h.group(2).trim();
                    body.setLength(0);
                }
                continue;
            }
            body.append(line).append('\n');
        }
        out.add(new Section(heading, body.toString()));
        return out;
    }

    /** A heading as plain text: no markup. */
    static String plain(String heading) {
        return LINK.matcher(heading).replaceAll("$1").replace("`", "").replace("**", "");
    }

    /** Block markdown (no {@code #}/{@code ##} headings; {@code ###} become .SS) as troff. */
    static String body(String markdown) {
        List<String> lines = List.of(markdown.replaceAll("(?s)<!--.*?-->", "").split("\n", -1));
        StringBuilder out = new StringBuilder();
        List<Integer> depths = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (FENCE.matcher(line).matches()) {
                i = code(lines, i, out, depths, indent);
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                closeLists(out, depths, 0);
                out.append(".SS ").append(text(plain(h.group(2).trim()))).append('\n');
                i++;
                continue;
            }
            if (line.stripLeading().startsWith("|")) {
                closeLists(out, depths, indent);
                i = table(lines, i, out);
                continue;
            }
            if (line.stripLeading().startsWith("![")) {
                i++;
                continue;
            }
            Matcher b = BULLET.matcher(line);
            Matcher n = NUMBERED.matcher(line);
            String first;
            if (b.matches() || n.matches()) {
                int depth = indent;
                nestList(out, depths, depth);
                out.append(b.matches() ? ".IP \\(bu 2\n" : ".IP " + n.group(2) + ". 4\n");
                first = b.matches() ? b.group(2) : n.group(3);
            } else {
                closeLists(out, depths, indent);
                out.append(depths.isEmpty() ? ".PP\n" : ".IP\n");
                first = line.strip();
            }
            StringBuilder para = new StringBuilder(first);
            i++;
            while (i < lines.size() && continues(lines.get(i))) {
                para.append(' ').append(lines.get(i).strip());
                i++;
            }
            out.append(text(para.toString())).append('\n');
        }
        closeLists(out, depths, 0);
        return out.toString();
    }

    /** Does {@code line} carry on the paragraph or list item above it? */
    private static boolean continues(String line) {
        return !line.isBlank() && !FENCE.matcher(line).matches() && !HEADING.matcher(line).matches()
                && !BULLET.matcher(line).matches() && !NUMBERED.matcher(line).matches()
                && !line.stripLeading().startsWith("|");
    }

    /** Opens (.RS) or closes (.RE) list levels so that a list item at {@code depth} is at the top one. */
    private static void nestList(StringBuilder out, List<Integer> depths, int depth) {
        while (!depths.isEmpty() && depths.get(depths.size() - 1) > depth) {
            depths.remove(depths.size() - 1);
            out.append(".RE\n");
        }
        if (depths.isEmpty() || depths.get(depths.size() - 1) < depth) {
            if (!depths.isEmpty()) {
                out.append(".RS\n");
            }
            depths.add(depth);
        }
    }

    /** Leaves every list level deeper than text indented by {@code indent} (0: every list). */
    private static void closeLists(StringBuilder out, List<Integer> depths, int indent) {
        while (!depths.isEmpty() && (indent == 0 || depths.get(depths.size() - 1) >= indent)) {
            if (depths.size() > 1) {
                out.append(".RE\n");
            }
            depths.remove(depths.size() - 1);
        }
    }

    private static int code(List<String> lines, int start, StringBuilder out, List<Integer> depths, int indent) {
        if (indent == 0) {
            closeLists(out, depths, 0);
        }
        out.append(depths.isEmpty() ? ".PP\n" : ".IP\n").append(".RS 4\n.nf\n");
        int i = start + 1;
        while (i < lines.size() && !FENCE.matcher(lines.get(i)).matches()) {
            String line = lines.get(i);
            out.append(literal(line.substring(Math.min(indent, line.length() - line.stripLeading().length()))))
                    .append('\n');
            i++;
        }
        out.append(".fi\n.RE\n");
        return i + 1;
    }

    /** A table: each row a .TP, tagged with its first cell; with more than two columns, each cell named. */
    private static int table(List<String> lines, int start, StringBuilder out) {
        List<String> header = cells(lines.get(start));
        int i = start + 1;
        if (i < lines.size() && TABLE_RULE.matcher(lines.get(i).strip()).matches()) {
            i++;
        }
        while (i < lines.size() && lines.get(i).stripLeading().startsWith("|")) {
            List<String> row = cells(lines.get(i));
            out.append(".TP\n").append(text(row.isEmpty() ? "" : row.get(0))).append('\n');
            for (int c = 1; c < row.size(); c++) {
                String cell = row.get(c);
                if (c > 1) {
                    out.append(".br\n");
                }
                if (header.size() > 2 && c < header.size()) {
                    cell = "*" + plain(header.get(c)) + ":* " + cell;
                }
                out.append(text(cell)).append('\n');
            }
            i++;
        }
        return i;
    }

    private static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) {
            r = r.substring(1);
        }
        if (r.endsWith("|") && !r.endsWith("\\|")) {
            r = r.substring(0, r.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (int k = 0; k < r.length(); k++) {
            char ch = r.charAt(k);
            if (ch == '\\' && k + 1 < r.length() && r.charAt(k + 1) == '|') {
                cell.append('|');
                k++;
            } else if (ch == '`') {
                code = !code;
                cell.append(ch);
            } else if (ch == '|' && !code) {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString().strip());
        return out;
    }

    /** Inline markdown as troff: code spans and bold in bold, italics in italics, links as their text. */
    static String text(String md) {
        List<String> code = new ArrayList<>();
        Matcher spans = CODE_SPAN.matcher(md);
        StringBuilder held = new StringBuilder();
        while (spans.find()) {
            code.add(spans.group(1) != null ? spans.group(1) : spans.group(2));
            spans.appendReplacement(held, Matcher.quoteReplacement("\u0000" + (code.size() - 1) + "\u0000"));
        }
        spans.appendTail(held);
        String s = LINK.matcher(held.toString()).replaceAll(m -> Matcher.quoteReplacement(
                m.group(0).startsWith("!") ? "" : m.group(1)));
        s = escape(s).replaceAll("\\*\\*(.+?)\\*\\*", "\\\\fB$1\\\\fR")
                .replaceAll("(?<![\\w*])\\*([^*\\s][^*]*?)\\*(?![\\w*])", "\\\\fI$1\\\\fR");
        Matcher back = Pattern.compile("\u0000(\\d+)\u0000").matcher(s);
        StringBuilder out = new StringBuilder();
        while (back.find()) {
            back.appendReplacement(out, Matcher.quoteReplacement(
                    "\\fB" + escape(code.get(Integer.parseInt(back.group(1)))) + "\\fR"));
        }
        back.appendTail(out);
        return lineStart(out.toString().replaceAll(" {2,}", " ").strip());
    }

    /** A line of a code block, kept as written. */
    private static String literal(String line) {
        return lineStart(escape(line));
    }

    /** troff escapes: backslash, minus, and anything outside ASCII as a named Unicode character. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp == '\\') {
                out.append("\\e");
            } else if (cp == '-') {
                out.append("\\-");
            } else if (cp > 126) {
                out.append(String.format("\\[u%04X]", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A line that would start with a dot or a quote would be read as a request: keep it text. */
    private static String lineStart(String s) {
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
