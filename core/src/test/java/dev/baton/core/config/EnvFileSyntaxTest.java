package dev.baton.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

/** systemd's EnvironmentFile= syntax, as {@link EnvFileSyntax} reads it. */
class EnvFileSyntaxTest {

    static List<EnvFileSyntax.Assignment> parse(String text) throws EnvFileSyntax.Problem {
        return EnvFileSyntax.parse(text);
    }

    static String only(String text) throws EnvFileSyntax.Problem {
        List<EnvFileSyntax.Assignment> all = parse(text);
        assertEquals(1, all.size(), () -> "one assignment in " + text + ": " + all);
        return all.get(0).value();
    }

    @Test
    void assignmentsCommentsAndBlankLinesWithTheLineEachStartsOn() throws Exception {
        assertEquals(List.of(
                        new EnvFileSyntax.Assignment("A", "1", 2),
                        new EnvFileSyntax.Assignment("B_2", "two words", 4),
                        new EnvFileSyntax.Assignment("_C", "", 6)),
                parse("# a comment\nA=1\n\n  B_2 =  two words  \n; another comment\n_C=\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "A='single \"quoted\" $HOME \\n'|single \"quoted\" $HOME \\n",
            "A=\"dq \\\" \\\\ \\` \\$ \\n kept\"|dq \" \\ ` $ \\n kept",
            "A=un\\ quoted\\\\ \\#|un quoted\\ #",
            "A='x'y\"z\"|xy\"z\"",
            "A=x'y'|x'y'",
            "A=  'a'  'b'  |ab",
            "A=a # not a comment|a # not a comment",
            "A=\"\"|``",
            "A=with=equals|with=equals",
            "A = spaced|spaced",
    })
    void valuesLikeSystemd(String line, String value) throws Exception {
        assertEquals(value == null ? "" : value, only(line + "\n"));
    }

    @Test
    void quotedValuesSpanLinesAndBackslashNewlineJoins() throws Exception {
        assertEquals("one\ntwo", only("A='one\ntwo'\n"));
        assertEquals("one\ntwo", only("A=\"one\ntwo\"\n"));
        assertEquals("onetwo", only("A=\"one\\\ntwo\"\n"));
        assertEquals("one two", only("A=one \\\ntwo\n"));
        List<EnvFileSyntax.Assignment> after = parse("A='x\ny'\nB=2\n");
        assertEquals(new EnvFileSyntax.Assignment("B", "2", 3), after.get(1));
    }

    @Test
    void aCommentEndsAtItsLineEvenAfterABackslashAsSinceSystemd254() throws Exception {
        assertEquals(List.of(new EnvFileSyntax.Assignment("A", "1", 2)), parse("# comment \\\nA=1\n"));
    }

    @Test
    void crlfLinesAndALastLineWithoutNewline() throws Exception {
        assertEquals(List.of(new EnvFileSyntax.Assignment("A", "1", 1), new EnvFileSyntax.Assignment("B", "2", 2)),
                parse("A=1\r\nB=2"));
    }

    @Test
    void theLastAssignmentOfANameComesLast() throws Exception {
        List<EnvFileSyntax.Assignment> all = parse("A=1\nA=2\n");
        assertEquals("2", all.get(all.size() - 1).value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "A=1\\nJUSTAWORD\\n|2|\"JUSTAWORD\" has no `=`",
            "export A=1\\n|1|\"export A\" is not a variable name (EnvironmentFile= has no `export`: drop the word)",
            "1A=x\\n|1|\"1A\" is not a variable name",
            "A-B=x\\n|1|\"A-B\" is not a variable name",
            "A=1\\nB='open\\n\\n|2|the ' quote of \"B\" is not closed",
            "A=\"open\\\"|1|the \" quote of \"A\" is not closed",
    })
    void refusedWithTheLine(String text, int line, String message) {
        EnvFileSyntax.Problem p = assertThrows(EnvFileSyntax.Problem.class,
                () -> parse(text.replace("\\n", "\n")));
        assertEquals(line, p.line);
        assertEquals(message, p.getMessage());
    }

    @Test
    void aNulIsRefused() {
        assertEquals(2, assertThrows(EnvFileSyntax.Problem.class, () -> parse("A=1\nB=x\0y\n")).line);
    }

    /** Any value comes back from double quotes with \ " ` $ escaped, and from single quotes if it has none. */
    @Test
    void quotedValuesRoundTrip() {
        qt().withExamples(2000).forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 40)).checkAssert(v -> {
            String value = v.replace("\0", "");
            String escaped = value.replaceAll("([\\\\\"`$])", "\\\\$1");
            try {
                assertEquals(value, only("A=\"" + escaped + "\"\n"));
                if (value.indexOf('\'') < 0) {
                    assertEquals(value, only("# c\nA='" + value + "'\n"));
                }
            } catch (EnvFileSyntax.Problem e) {
                throw new AssertionError(value, e);
            }
        });
    }

    /** A value without line breaks comes back unquoted when every character is escaped, white space included. */
    @Test
    void escapedUnquotedValuesRoundTrip() {
        qt().withExamples(2000).forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 40)).checkAssert(v -> {
            String value = v.replaceAll("[\0\r\n]", "");
            StringBuilder sb = new StringBuilder();
            value.chars().forEach(c -> sb.append('\\').append((char) c));
            try {
                assertEquals(value, only("A=" + sb + "\n"));
            } catch (EnvFileSyntax.Problem e) {
                throw new AssertionError(value, e);
            }
        });
    }
}
