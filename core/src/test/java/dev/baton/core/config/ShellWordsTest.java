package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ShellWordsTest {
    private final String[] error = new String[1];

    private List<String> split(String line) {
        List<String> words = ShellWords.split(line, error).orElseThrow();
        assertNull(error[0]);
        return words;
    }

    private String failure(String line) {
        assertEquals(Optional.empty(), ShellWords.split(line, error));
        return error[0];
    }

    @Test
    void splitsOnRunsOfWhitespace() {
        assertEquals(List.of("./app", "--port", "8080"), split("  ./app \t--port\n 8080  "));
    }

    @Test
    void emptyStringHasNoWords() {
        assertEquals(List.of(), split(""));
    }

    @Test
    void blankStringHasNoWords() {
        assertEquals(List.of(), split(" \t "));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertEquals(List.of("a b", "c\\d", "$x \"y\""), split("'a b' 'c\\d' '$x \"y\"'"));
    }

    @Test
    void doubleQuotesUnescapeOnlyShellSpecials() {
        assertEquals(List.of("a \"b\" \\ $x ` \\n"), split("\"a \\\"b\\\" \\\\ \\$x \\` \\n\""));
    }

    @Test
    void backslashOutsideQuotesEscapesAnyCharacter() {
        assertEquals(List.of("a b", "'", "\""), split("a\\ b \\' \\\""));
    }

    @Test
    void adjacentPartsMakeOneWord() {
        assertEquals(List.of("premidpost"), split("pre'mid'\"post\""));
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertEquals(List.of("a", "", "", "b"), split("a '' \"\" b"));
    }

    @Test
    void noShellExpansion() {
        assertEquals(List.of("$HOME", "*.txt", "a|b", ">out"), split("$HOME *.txt a|b >out"));
    }

    @Test
    void unterminatedSingleQuote() {
        assertEquals("unterminated single quote", failure("./app 'oops"));
    }

    @Test
    void unterminatedDoubleQuote() {
        assertEquals("unterminated double quote", failure("./app \"oops"));
    }

    @Test
    void escapedQuoteDoesNotCloseDoubleQuote() {
        assertEquals("unterminated double quote", failure("\"a\\\""));
    }

    @Test
    void trailingBackslash() {
        assertEquals("trailing backslash", failure("./app \\"));
    }
}
