package dev.baton.core.config;

import dev.baton.core.spi.Quote;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of an {@code env_file:}, in the syntax of systemd's {@code EnvironmentFile=}
 * (systemd.exec(5), and systemd's env-file.c since v254), as a pure function so that it is tested
 * without files:
 * <ul>
 *   <li>{@code KEY=VALUE} lines; blank lines; lines whose first non-blank character is {@code #}
 *       or {@code ;} are comments (a comment ends at its line, even after a backslash);
 *   <li>white space around the key and around the value is dropped, inside the value kept;
 *   <li>unquoted, a backslash keeps the next character and a backslash at the end of a line joins
 *       the next one;
 *   <li>{@code '...'} keeps everything up to the next single quote, line breaks included;
 *   <li>{@code "..."} may span lines; {@code \"}, {@code \\}, {@code \`} and {@code \$} are
 *       unescaped, a backslash before a line break joins the lines, any other backslash stays;
 *   <li>quoted and unquoted parts that follow each other are joined ({@code A='x'y} is {@code xy});
 *   <li>there is no {@code ${VAR}} expansion.
 * </ul>
 * Where systemd skips a line with at most a debug message, baton refuses the file: a line
 * without {@code =}, a name that is not {@code [A-Za-z_][A-Za-z0-9_]*} (such as {@code export
 * NAME}, which systemd does not know either), a quote left open at the end, a NUL.
 */
final class EnvFileSyntax {
    /** One {@code NAME=value}; {@code line} is where its name starts. */
    record Assignment(String name, String value, int line) {
    }

    /** The file can't be read as an env file: {@code line} is where the bad part starts. */
    static final class Problem extends Exception {
        final int line;
        final String expected;

        Problem(int line, String message, String expected) {
            super(message, null, false, false);
            this.line = line;
            this.expected = expected;
        }
    }

    static final String NAME_EXPECTED = "NAME=value lines, a NAME of letters, digits and _ not starting with a digit";

    private enum State { PRE_KEY, KEY, PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE, DOUBLE, DOUBLE_ESCAPE, COMMENT }

    private EnvFileSyntax() {
    }

    static List<Assignment> parse(String text) throws Problem {
        List<Assignment> out = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        int keyTrim = -1; // length of the key without its trailing white space, -1 while it has none
        int valueTrim = -1;
        int line = 1;
        int keyLine = 1;
        int quoteLine = 1;
        State state = State.PRE_KEY;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new Problem(line, "holds a NUL character", "a text file");
            }
            boolean newline = c == '\n' || c == '\r';
            boolean blank = newline || c == ' ' || c == '\t';
            switch (state) {
                case PRE_KEY -> {
                    if (c == '#' || c == ';') {
                        state = State.COMMENT;
                    } else if (!blank) {
                        state = State.KEY;
                        key.setLength(0);
                        key.append(c);
                        keyTrim = -1;
                        keyLine = line;
                    }
                }
                case KEY -> {
                    if (newline) {
                        throw new Problem(keyLine, Quote.value(key.toString().strip()) + " has no `=`",
                                NAME_EXPECTED + ", blank lines and # comments");
                    } else if (c == '=') {
                        state = State.PRE_VALUE;
                        value.setLength(0);
                        valueTrim = -1;
                    } else {
                        if (!blank) {
                            keyTrim = -1;
                        } else if (keyTrim < 0) {
                            keyTrim = key.length();
                        }
                        key.append(c);
                    }
                }
                case PRE_VALUE -> {
                    if (newline) {
                        out.add(assignment(key, keyTrim, value.toString(), keyLine));
                        state = State.PRE_KEY;
                    } else if (c == '\'') {
                        state = State.SINGLE;
                        quoteLine = line;
                    } else if (c == '"') {
                        state = State.DOUBLE;
                        quoteLine = line;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                    } else if (!blank) {
                        state = State.VALUE;
                        value.append(c);
                    }
                }
                case VALUE -> {
                    if (newline) {
                        String v = valueTrim >= 0 ? value.substring(0, valueTrim) : value.toString();
                        out.add(assignment(key, keyTrim, v, keyLine));
                        state = State.PRE_KEY;
                    } else if (c == '\\') {
                        state = State.VALUE_ESCAPE;
                        valueTrim = -1;
                    } else {
                        if (!blank) {
                            valueTrim = -1;
                        } else if (valueTrim < 0) {
                            valueTrim = value.length();
                        }
                        value.append(c);
                    }
                }
                case VALUE_ESCAPE -> {
                    state = State.VALUE;
                    if (!newline) {
                        value.append(c);
                    }
                }
                case SINGLE -> {
                    if (c == '\'') {
                        state = State.PRE_VALUE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE -> {
                    if (c == '"') {
                        state = State.PRE_VALUE;
                    } else if (c == '\\') {
                        state = State.DOUBLE_ESCAPE;
                    } else {
                        value.append(c);
                    }
                }
                case DOUBLE_ESCAPE -> {
                    state = State.DOUBLE;
                    if ("\"\\`$".indexOf(c) >= 0) {
                        value.append(c);
                    } else if (c != '\n') {
                        value.append('\\').append(c);
                    }
                }
                case COMMENT -> {
                    if (newline) {
                        state = State.PRE_KEY;
                    }
                }
            }
            if (c == '\n') {
                line++;
            }
        }
        switch (state) {
            case KEY -> throw new Problem(keyLine, Quote.value(key.toString().strip()) + " has no `=`",
                    NAME_EXPECTED + ", blank lines and # comments");
            case SINGLE, DOUBLE, DOUBLE_ESCAPE -> throw new Problem(quoteLine,
                    "the " + (state == State.SINGLE ? "'" : "\"") + " quote of " + Quote.value(key.toString().strip())
                            + " is not closed", "a closing quote");
            case VALUE -> out.add(assignment(key, keyTrim,
                    valueTrim >= 0 ? value.substring(0, valueTrim) : value.toString(), keyLine));
            case PRE_VALUE, VALUE_ESCAPE -> out.add(assignment(key, keyTrim, value.toString(), keyLine));
            default -> {
            }
        }
        return out;
    }

    private static Assignment assignment(StringBuilder key, int keyTrim, String value, int line) throws Problem {
        String name = keyTrim >= 0 ? key.substring(0, keyTrim) : key.toString();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            String why = name.startsWith("export ") || name.startsWith("export\t")
                    ? " (EnvironmentFile= has no `export`: drop the word)" : "";
            throw new Problem(line, Quote.value(name) + " is not a variable name" + why, NAME_EXPECTED);
        }
        return new Assignment(name, value, line);
    }
}
