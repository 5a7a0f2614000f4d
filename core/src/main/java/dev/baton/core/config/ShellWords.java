package dev.baton.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a command line into words the way a POSIX shell would, for quoting only: single
 * quotes, double quotes and backslashes. No variables, globs, pipes or redirections: no shell
 * is involved.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** Returns the words, or empty with the reason in {@code error[0]} on unbalanced quotes. */
    public static Optional<List<String>> split(String line, String[] error) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    error[0] = "unterminated single quote";
                    return Optional.empty();
                }
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    error[0] = "unterminated double quote";
                    return Optional.empty();
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    error[0] = "trailing backslash";
                    return Optional.empty();
                }
                cur.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return Optional.of(words);
    }
}
