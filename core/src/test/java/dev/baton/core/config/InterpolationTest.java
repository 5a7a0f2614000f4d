package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InterpolationTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/home/app", "PORT", "9000", "EMPTY", "");

    private static String apply(String text) throws Interpolation.Problem {
        return Interpolation.apply(text, ENV);
    }

    @Test
    void textWithoutDollarIsUnchanged() throws Exception {
        assertEquals("plain {text}", apply("plain {text}"));
    }

    @Test
    void variableIsReplaced() throws Exception {
        assertEquals("/home/app/data:9000", apply("${HOME}/data:${PORT}"));
    }

    @Test
    void defaultWhenUnset() throws Exception {
        assertEquals("8080", apply("${NOPE:-8080}"));
    }

    @Test
    void defaultWhenEmpty() throws Exception {
        assertEquals("8080", apply("${EMPTY:-8080}"));
    }

    @Test
    void setValueWinsOverDefault() throws Exception {
        assertEquals("9000", apply("${PORT:-8080}"));
    }

    @Test
    void emptyValueWithoutDefaultStaysEmpty() throws Exception {
        assertEquals("[]", apply("[${EMPTY}]"));
    }

    @Test
    void emptyDefault() throws Exception {
        assertEquals("[]", apply("[${NOPE:-}]"));
    }

    @Test
    void doubleDollarIsOneDollar() throws Exception {
        assertEquals("$HOME ${HOME} $$", apply("$$HOME $${HOME} $$$$"));
    }

    @Test
    void loneDollarIsKept() throws Exception {
        assertEquals("$HOME 5$ $", apply("$HOME 5$ $"));
    }

    @Test
    void unsetVariable() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> apply("x${NOPE}"));
        assertEquals("${NOPE} is not set in baton's environment", p.getMessage());
        assertEquals("it to be set, or a default as in ${NOPE:-value}", p.expected);
    }

    @Test
    void unterminatedReference() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> apply("a${HOME"));
        assertEquals("unterminated ${ in \"a${HOME\"", p.getMessage());
        assertEquals("${NAME} or ${NAME:-default}", p.expected);
    }

    @Test
    void nameStartingWithDigit() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> apply("${1X}"));
        assertEquals("\"${1X}\" is not a variable reference", p.getMessage());
        assertEquals("${NAME} or ${NAME:-default}", p.expected);
    }

    @Test
    void emptyName() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> apply("${}"));
        assertEquals("\"${}\" is not a variable reference", p.getMessage());
    }

    @Test
    void otherShellOperatorsAreNotSupported() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> apply("${PORT-8080}"));
        assertEquals("\"${PORT-8080}\" is not a variable reference", p.getMessage());
    }

    @Test
    void defaultMayContainBracesWhenUnset() throws Exception {
        // "${X:-{a}}" gives "{a}" when X is unset, as in a POSIX shell.
        assertEquals("{a}", apply("${NOPE:-{a}}"));
    }

    @Test
    void defaultWithBracesIsDroppedWhenSet() throws Exception {
        assertEquals("9000", apply("${PORT:-{a}}"));
    }
}
