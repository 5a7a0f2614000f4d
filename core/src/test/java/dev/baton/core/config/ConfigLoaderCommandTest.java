package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** command, workdir and pidfile: everything resolved against the file system. */
class ConfigLoaderCommandTest extends ConfigTestSupport {

    @Test
    void bareNameIsFoundInPath() throws Exception {
        Path tool = executable(bin.resolve("tool"));
        assertEquals(tool, load("command: [tool, -v]\n").command().program());
    }

    @Test
    void bareNameNotInPath() {
        assertEquals(at(1, "command: cannot run \"nosuch\": not found in PATH " + bin + "; expected "
                + PROGRAM_EXPECTED), error("command: nosuch\n"));
    }

    @Test
    void envPathReplacesBatonsPathForTheSearch() throws Exception {
        Path other = executable(dir.resolve("opt/bin/tool"));
        executable(bin.resolve("tool"));
        BatonConfig c = load("""
                command: tool
                env: {PATH: "%s"}
                """.formatted(other.getParent()));
        assertEquals(other, c.command().program());
    }

    @Test
    void envPathCanExtendBatonsPath() throws Exception {
        Path tool = executable(bin.resolve("tool"));
        BatonConfig c = load("command: tool\nenv: {PATH: \"/nonexistent:${PATH}\"}\n");
        assertEquals(tool, c.command().program());
        assertEquals("/nonexistent:" + bin, c.env().get("PATH"));
    }

    @Test
    void absolutePath() throws Exception {
        Path tool = executable(dir.resolve("abs/tool"));
        assertEquals(tool, load("command: " + tool + "\n").command().program());
    }

    @Test
    void programThatIsNotExecutable() throws Exception {
        Path script = plainFile(dir.resolve("script"));
        assertEquals(at(1, "command: cannot run \"./script\": " + script + " is not executable; expected "
                + PROGRAM_EXPECTED), error("command: ./script\n"));
    }

    @Test
    void programInPathThatIsNotExecutable() throws Exception {
        Path script = plainFile(bin.resolve("script"));
        assertEquals(at(1, "command: cannot run \"script\": " + script + " is not executable; expected "
                + PROGRAM_EXPECTED), error("command: [script]\n"));
    }

    @Test
    void programThatIsADirectory() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertEquals(at(1, "command: cannot run \"./sub\": " + sub + " is a directory; expected " + PROGRAM_EXPECTED),
                error("command: ./sub\n"));
    }

    @Test
    void programThatDoesNotExist() {
        assertEquals(at(1, "command: cannot run \"./nope\": " + dir.resolve("nope") + " does not exist; expected "
                + PROGRAM_EXPECTED), error("command: [./nope]\n"));
    }

    @Test
    void relativeCommandIsResolvedAgainstWorkdir() throws Exception {
        Path app = executable(dir.resolve("sub/app"));
        BatonConfig c = load("command: ./app\nworkdir: sub\n");
        assertEquals(dir.resolve("sub"), c.workdir());
        assertEquals(app, c.command().program());
    }

    @Test
    void relativeCommandIsNotLookedUpNextToTheConfigFile() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        assertEquals(at(1, "command: cannot run \"./app\": " + dir.resolve("sub/app") + " does not exist; expected "
                + PROGRAM_EXPECTED), error("command: ./app\nworkdir: sub\n"));
    }

    @Test
    void workdirIsRelativeToTheConfigFileNotCwd() throws Exception {
        system.cwd = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createDirectory(dir.resolve("sub"));
        executable(dir.resolve("sub/app"));
        assertEquals(dir.resolve("sub"), load("command: ./app\nworkdir: sub\n").workdir());
    }

    @Test
    void missingWorkdir() {
        assertEquals(at(2, "workdir: " + dir.resolve("nope") + " does not exist; expected an existing directory"),
                error("command: ./app\nworkdir: nope\n"));
    }

    @Test
    void workdirThatIsAFile() {
        assertEquals(at(2, "workdir: " + dir.resolve("app") + " is not a directory; expected an existing directory"),
                error("command: ./app\nworkdir: app\n"));
    }

    @Test
    void emptyWorkdir() {
        assertEquals(at(2, "workdir: the path is empty; expected a directory"), error("command: ./app\nworkdir: \"\"\n"));
    }

    @Test
    void pidfileIsResolvedNextToTheConfigFile() throws Exception {
        Files.createDirectory(dir.resolve("run"));
        assertEquals(Optional.of(dir.resolve("run/baton.pid")),
                load("command: ./app\npidfile: run/baton.pid\n").pidfile());
    }

    @Test
    void pidfileInMissingDirectory() {
        assertEquals(at(2, "pidfile: directory " + dir.resolve("run") + " does not exist; expected a file in an "
                + "existing directory"), error("command: ./app\npidfile: run/baton.pid\n"));
    }

    @Test
    void pidfileThatIsADirectory() {
        assertEquals(at(2, "pidfile: " + bin + " is a directory; expected a file path"),
                error("command: ./app\npidfile: bin\n"));
    }

    @Test
    void pidfileAtTheRoot() {
        assertEquals(at(2, "pidfile: / is a directory; expected a file path"), error("command: ./app\npidfile: /\n"));
    }

    @Test
    void stringCommandIsSplitIntoShellWords() throws Exception {
        BatonConfig c = load("command: ./app --name 'hello world' \"a b\" c\\ d '' x\"y\"z\n");
        assertEquals(List.of("./app", "--name", "hello world", "a b", "c d", "", "xyz"), c.command().argv());
        assertEquals(dir.resolve("app"), c.command().program());
    }

    @Test
    void stringCommandWithUnterminatedQuote() {
        assertEquals(at(1, "command: cannot split \"./app 'oops\" into words: unterminated single quote; expected "
                + COMMAND_EXPECTED), error("command: ./app 'oops\n"));
    }

    @Test
    void emptyCommandList() {
        assertEquals(at(1, "command: the command is empty; expected " + COMMAND_EXPECTED), error("command: []\n"));
    }

    @Test
    void blankCommandString() {
        assertEquals(at(1, "command: the command is empty; expected " + COMMAND_EXPECTED), error("command: \"  \"\n"));
    }

    @Test
    void emptyProgramName() {
        assertEquals(at(1, "command: cannot run \"\": the program name is empty; expected " + PROGRAM_EXPECTED),
                error("command: [\"\", x]\n"));
    }

    @Test
    void nulInProgramNameIsAConfigError() {
        assertEquals(at(1, "command[0]: \"app\\x00\" holds a NUL character, which exec would cut it at; expected "
                + COMMAND_EXPECTED), error("command: [\"app\\0\"]\n"));
    }

    /** Found by ConfigLoaderFuzzTest: a path is shown unquoted, and its line break went into the message. */
    @Test
    void aLineBreakInAPathIsEscapedInTheMessage() {
        assertEquals(at(2, "workdir: " + dir + "/fol\\nded does not exist; expected an existing directory"),
                error("command: ./app\nworkdir: \"fol\\nded\"\n"));
        assertEquals(at(2, "workdir: " + dir + "/\\t\\x1b[2J does not exist; expected an existing directory"),
                error("command: ./app\nworkdir: \"\\t\\e[2J\"\n"));
        assertEquals(at(2, "pidfile: directory " + dir + "/a\\u2028b does not exist; expected a file in an existing directory"),
                error("command: ./app\npidfile: \"a\\Lb/app.pid\"\n"));
    }

    @Test
    void nulInPathEntryIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("command: tool\nenv: {PATH: \"/bin\\0\"}\n"));
        assertTrue(oneLine(e).startsWith(file + ":"), e.getMessage());
    }

    /** A NUL used to pass the config and cut the argument or the value short at exec ("a\0b" became "a"). */
    @Test
    void nulInAnArgumentOrAnEnvironmentValueIsAConfigError() {
        assertEquals(at(1, "command[1]: \"a\\x00b\" holds a NUL character, which exec would cut it at; expected "
                + COMMAND_EXPECTED), error("command: [./app, \"a\\0b\"]\n"));
        assertEquals(at(1, "command: \"a\\x00b\" holds a NUL character, which exec would cut it at; expected "
                + COMMAND_EXPECTED), error("command: \"./app a\\0b\"\n"));
        assertEquals(at(2, "env.X: \"a\\x00b\" holds a NUL character, which exec would cut it at; expected a string; "
                + "nested values are not allowed"), error("command: ./app\nenv: {X: \"a\\0b\"}\n"));
        assertEquals(at(2, "healthcheck.exec.command[1]: \"\\x00\" holds a NUL character, which exec would cut it at; "
                + "expected " + COMMAND_EXPECTED), error("command: ./app\nhealthcheck: {exec: {command: [./app, \"\\0\"]}}\n"));
    }
}
