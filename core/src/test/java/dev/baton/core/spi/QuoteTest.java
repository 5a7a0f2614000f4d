package dev.baton.core.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An error message stays one visible line whatever the value holds. */
class QuoteTest {

    @Test
    void asciiControlsAreEscaped() {
        assertEquals("\"a\\nb\\rc\\td\\x00e\\x1bf\\x7f\\\"\"", Quote.value("a\nb\rc\td\u0000e\u001bf\u007f\""));
    }

    /** The fuzz run found NEL (U+0085) in a message: Unicode, and Java's \R, count it as a line break. */
    @Test
    void unicodeLineBreaksAreEscaped() {
        assertEquals("\"a\\u0085b\\u2028c\\u2029d\"", Quote.value("a\u0085b\u2028c\u2029d"));
    }

    @Test
    void otherC1ControlsAndInvisibleFormatCharactersAreEscaped() {
        // CSI (a terminal escape on its own), a right-to-left override that reorders what follows, the BOM
        assertEquals("\"\\u009b31m \\u202eevil \\ufeff\"", Quote.value("\u009b31m \u202eevil \ufeff"));
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertEquals("\"\\ud800 \\udc00 \ud83d\ude00 b\u00fccher\"", Quote.value("\ud800 \udc00 \ud83d\ude00 b\u00fccher"));
        assertEquals("\"x\\ud800\"", Quote.value("x\ud800"));
    }

    @Test
    void cleanEscapesTheSameWithoutQuotes() {
        assertEquals("say \"hi\"\\u0085", Quote.clean("say \"hi\"\u0085"));
    }
}
