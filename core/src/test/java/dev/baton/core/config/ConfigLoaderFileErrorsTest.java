package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors about the file as a whole and its shape: YAML, keys, types. */
class ConfigLoaderFileErrorsTest extends ConfigTestSupport {

    @Test
    void emptyFile() {
        assertEquals(file + ": the file is empty; expected a mapping with at least `command:`", error(""));
    }

    @Test
    void fileWithOnlyComments() {
        assertEquals(file + ": the file is empty; expected a mapping with at least `command:`",
                error("# nothing here\n\n# yet\n"));
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> loadFile(missing, TemplateVars.FIRST));
        assertEquals(missing + ": no such file", oneLine(e));
    }

    @Test
    void directoryInsteadOfFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> loadFile(bin, TemplateVars.FIRST));
        assertEquals(bin + ": is a directory; expected a YAML file", oneLine(e));
    }

    @Test
    void notUtf8() throws Exception {
        Files.write(file, new byte[] {'c', 'o', 'm', 'm', 'a', 'n', 'd', ':', ' ', (byte) 0xff, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> loadFile(file, TemplateVars.FIRST));
        assertEquals(file + ": not valid UTF-8", oneLine(e));
    }

    @Test
    void fileOverOneMebibyte() throws Exception {
        Files.writeString(file, "command: ./app\n" + "#".repeat(1 << 20) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> loadFile(file, TemplateVars.FIRST));
        assertEquals(file + ": larger than 1 MiB; expected a small YAML file", oneLine(e));
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        assertEquals(at(3, "YAML syntax error: mapping values are not allowed here; expected valid YAML"), error("""
                command: ./app
                env:
                  A: b: c
                """));
    }

    @Test
    void yamlSyntaxErrorInUnclosedFlowList() {
        assertEquals(at(2, "YAML syntax error: expected ',' or ']', but got :; expected valid YAML"), error("""
                command: [./app, --port
                upgrade: {}
                """));
    }

    @Test
    void topLevelList() {
        assertEquals(at(1, "the file holds a list; expected a mapping of keys, starting with `command:`"),
                error("- ./app\n- --port\n"));
    }

    @Test
    void topLevelScalar() {
        assertEquals(at(1, "the file holds \"./app\"; expected a mapping of keys, starting with `command:`"),
                error("./app\n"));
    }

    @Test
    void missingCommand() {
        assertEquals(at(1, "`command` is missing; expected the program to supervise, e.g. command: [./app, --port, \"8080\"]"),
                error("env: {A: b}\n"));
    }

    @Test
    void unknownTopLevelKeySuggestsClosest() {
        assertEquals(at(2, "helthcheck: unknown key (did you mean `healthcheck`?); expected one of " + TOP_KEYS),
                error("command: ./app\nhelthcheck: {}\n"));
    }

    @Test
    void unknownTopLevelKeyWithNothingClose() {
        assertEquals(at(3, "banana: unknown key; expected one of " + TOP_KEYS),
                error("command: ./app\nlog: {}\nbanana: 1\n"));
    }

    @Test
    void misspeltCommandKeyIsNamedInTheError() {
        String m = error("comand: ./app\n");
        assertTrue(m.contains("comand"), m);
    }

    @Test
    void unknownUpgradeKey() {
        assertEquals(at(3, "upgrade.timout: unknown key (did you mean `timeout`?); expected one of signal, mode, timeout, start_allowance, probation"),
                error("""
                        command: ./app
                        upgrade:
                          timout: 5s
                        """));
    }

    @Test
    void unknownShutdownKey() {
        assertEquals(at(4, "shutdown.singal: unknown key (did you mean `signal`?); expected one of delay, signal, timeout, max_draining"),
                error("""
                        command: ./app
                        shutdown:
                          delay: 1s
                          singal: TERM
                        """));
    }

    @Test
    void unknownLogKey() {
        assertEquals(at(2, "log.color: unknown key; expected one of level, format"),
                error("command: ./app\nlog: {color: true}\n"));
    }

    @Test
    void duplicateTopLevelKey() {
        assertEquals(at(3, "command: duplicate key (first on line 1); expected each key once"), error("""
                command: ./app
                env: {}
                command: ./app
                """));
    }

    @Test
    void duplicateNestedKey() {
        assertEquals(at(4, "upgrade.timeout: duplicate key (first on line 3); expected each key once"), error("""
                command: ./app
                upgrade:
                  timeout: 5s
                  timeout: 6s
                """));
    }

    @Test
    void duplicateEnvName() {
        assertEquals(at(2, "env.A: duplicate key (first on line 2); expected each key once"),
                error("command: ./app\nenv: {A: x, A: y}\n"));
    }

    @Test
    void keyThatIsNotAName() {
        assertEquals(at(2, "a key is not a plain name; expected plain keys such as `command:`"),
                error("command: ./app\n[a, b]: 1\n"));
    }

    @Test
    void commandAsMapping() {
        assertEquals(at(1, "command: a mapping is not a string; expected " + COMMAND_EXPECTED),
                error("command: {path: ./app}\n"));
    }

    @Test
    void commandListItemNotAString() {
        assertEquals(at(1, "command[1]: a list is not a string; expected " + COMMAND_EXPECTED),
                error("command: [./app, [x]]\n"));
    }

    @Test
    void envAsList() {
        assertEquals(at(2, "env: a list is not a mapping; expected a mapping of variable names to values, "
                + "e.g. env: {PORT: \"8080\"}"), error("command: ./app\nenv: [A=b]\n"));
    }

    @Test
    void envValueNested() {
        assertEquals(at(2, "env.A: a mapping is not a string; expected a string; nested values are not allowed"),
                error("command: ./app\nenv: {A: {B: c}}\n"));
    }

    @Test
    void envValueEmpty() {
        assertEquals(at(3, "env.A: the value is empty; expected a string; write \"\" for an empty value"), error("""
                command: ./app
                env:
                  A:
                """));
    }

    @Test
    void envNameWithEquals() {
        assertEquals(at(2, "env.A=B: \"A=B\" is not a valid variable name; expected a name without '=', e.g. PORT"),
                error("command: ./app\nenv: {\"A=B\": x}\n"));
    }

    @Test
    void upgradeAsString() {
        assertEquals(at(2, "upgrade: \"fast\" is not a mapping; expected a mapping with signal, mode, timeout, start_allowance, probation"),
                error("command: ./app\nupgrade: fast\n"));
    }

    @Test
    void timeoutAsList() {
        assertEquals(at(2, "upgrade.timeout: a list is not a string; expected " + DURATION_EXPECTED),
                error("command: ./app\nupgrade: {timeout: [5s]}\n"));
    }

    @Test
    void userAsList() {
        assertEquals(at(2, "user: a list is not a string; expected an existing user name or a uid"),
                error("command: ./app\nuser: [app]\n"));
    }

    @Test
    void alternateNotAList() {
        assertEquals(at(2, "alternate: \"8081\" is not a list; expected a list of values that {{alt}} rotates "
                + "through, e.g. [\"8081\", \"8082\"]"), error("command: ./app\nalternate: \"8081\"\n"));
    }

    @Test
    void alternateEmpty() {
        assertEquals(at(2, "alternate: the list is empty; expected a list of values that {{alt}} rotates "
                + "through, e.g. [\"8081\", \"8082\"]"), error("command: ./app\nalternate: []\n"));
    }

    @Test
    void valueWithLineBreakStillGivesOneLineMessage() {
        // error() asserts the message has no '\n'; the bad value is quoted as written today.
        String m = error("command: ./app\nupgrade: {timeout: \"5x\\nfoo\"}\n");
        assertTrue(m.startsWith(at(2, "upgrade.timeout: ")), m);
    }

    /** Found by ConfigLoaderFuzzTest: NEL (U+0085, YAML's "\\x85" or "\\N") went into the message as it was. */
    @Test
    void unicodeLineBreaksInAValueAreEscapedInTheMessage() {
        for (String written : List.of("\\x85", "\\N", "\\L", "\\P")) {
            String m = error("command: ./app\nalternate: \"a" + written + "b\"\n");
            assertEquals(at(2, "alternate: \"a\\u" + switch (written) {
                case "\\L" -> "2028";
                case "\\P" -> "2029";
                default -> "0085";
            } + "b\" is not a list; expected a list of values that {{alt}} rotates through, e.g. [\"8081\", \"8082\"]"), m);
        }
    }
}
