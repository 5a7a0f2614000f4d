package dev.baton.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ${VAR} from baton's environment and {{placeholders}} per generation. */
class ConfigLoaderTemplatesTest extends ConfigTestSupport {

    private String envValue(String written) throws Exception {
        return load("command: ./app\nenv: {V: \"" + written + "\"}\n").env().get("V");
    }

    @Test
    void variableIsReplaced() throws Exception {
        assertEquals("/home/app/data", envValue("${HOME}/data"));
    }

    @Test
    void unsetVariable() {
        assertEquals(at(2, "env.V: ${NOPE} is not set in baton's environment; expected it to be set, or a default "
                + "as in ${NOPE:-value}"), error("command: ./app\nenv: {V: \"${NOPE}\"}\n"));
    }

    @Test
    void unsetVariableInCommand() {
        assertEquals(at(1, "command[1]: ${NOPE} is not set in baton's environment; expected it to be set, or a "
                + "default as in ${NOPE:-value}"), error("command: [./app, \"${NOPE}\"]\n"));
    }

    @Test
    void defaultIsUsedWhenUnset() throws Exception {
        assertEquals("8080", envValue("${NOPE:-8080}"));
    }

    @Test
    void defaultIsUsedWhenEmpty() throws Exception {
        system.env.put("EMPTY", "");
        assertEquals("8080", envValue("${EMPTY:-8080}"));
    }

    @Test
    void defaultIsIgnoredWhenSet() throws Exception {
        system.env.put("PORT", "9000");
        assertEquals("9000", envValue("${PORT:-8080}"));
    }

    @Test
    void doubleDollarIsALiteralDollar() throws Exception {
        assertEquals("$HOME and ${HOME}", envValue("$$HOME and $${HOME}"));
    }

    @Test
    void dollarWithoutBraceIsKept() throws Exception {
        assertEquals("$HOME costs 5$", envValue("$HOME costs 5$"));
    }

    @Test
    void badVariableReference() {
        assertEquals(at(2, "env.V: \"${1X}\" is not a variable reference; expected ${NAME} or ${NAME:-default}"),
                error("command: ./app\nenv: {V: \"${1X}\"}\n"));
    }

    @Test
    void unterminatedVariableReference() {
        assertEquals(at(2, "env.V: unterminated ${ in \"${HOME\"; expected ${NAME} or ${NAME:-default}"),
                error("command: ./app\nenv: {V: \"${HOME\"}\n"));
    }

    @Test
    void environmentValuesAreNotRenderedAsTemplates() throws Exception {
        system.env.put("SECRET", "pa{{ss}}word");
        assertEquals("pa{{ss}}word", envValue("${SECRET}"));
    }

    @Test
    void defaultMayHoldAPlaceholderWhenVariableIsSet() throws Exception {
        system.env.put("PORT", "9000");
        assertEquals("9000", load("command: ./app\nalternate: [\"8081\"]\nenv: {V: \"${PORT:-{{alt}}}\"}\n")
                .env().get("V"));
    }

    @Test
    void defaultMayHoldAPlaceholderWhenVariableIsUnset() throws Exception {
        assertEquals("8081", load("command: ./app\nalternate: [\"8081\"]\nenv: {V: \"${PORT:-{{alt}}}\"}\n")
                .env().get("V"));
    }

    @Test
    void altWithoutAlternate() {
        assertEquals(at(2, "env.V: {{alt}} is used but has no value; expected an `alternate:` list of values"),
                error("command: ./app\nenv: {V: \"{{alt}}\"}\n"));
    }

    @Test
    void unknownPlaceholder() {
        assertEquals(at(1, "command[1]: unknown placeholder {{port}}; expected one of {{generation}}, {{alt}}"),
                error("command: [./app, \"--port={{port}}\"]\n"));
    }

    @Test
    void altInsideAlternateIsUnknown() {
        assertEquals(at(2, "alternate[0]: unknown placeholder {{alt}}; expected one of {{generation}}"),
                error("command: ./app\nalternate: [\"{{alt}}\"]\n"));
    }

    @Test
    void generationPlaceholder() throws Exception {
        BatonConfig c = load("command: ./app --gen {{generation}}\nenv: {G: \"g{{generation}}\"}\n",
                new TemplateVars(7));
        assertEquals(List.of("./app", "--gen", "7"), c.command().argv());
        assertEquals("g7", c.env().get("G"));
    }

    @Test
    void placeholderValueWithSpecialCharactersIsInsertedLiterally() throws Exception {
        BatonConfig c = load("command: ./app\nalternate: [\"a$1\\\\b\"]\nenv: {V: \"<{{alt}}>\"}\n");
        assertEquals("<a$1\\b>", c.env().get("V"));
    }
}
