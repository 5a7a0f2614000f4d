package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code env_file:}: systemd-style env files merged under {@code env:}, read afresh per generation. */
class ConfigLoaderEnvFileTest extends ConfigTestSupport {

    Path envFile(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    @Test
    void filesAreMergedInOrderUnderTheConfigsOwnEnvWhichWins() throws Exception {
        Path a = envFile("a.env", "# secrets\nDB_URL=postgres://a\nPORT=1\nSHARED=a\n");
        Path b = envFile("b.env", "SHARED=\"from b\"\n");
        BatonConfig c = load("command: ./app\nenv_file: [" + a + ", b.env]\nenv: {PORT: \"8080\"}\n");
        assertEquals(Map.of("DB_URL", "postgres://a", "PORT", "8080", "SHARED", "from b"), c.env());
        assertEquals(List.of("DB_URL", "PORT", "SHARED"), List.copyOf(c.env().keySet()), "the order of first appearance");
        assertEquals(Map.of("DB_URL", a + ":2", "SHARED", b + ":1"), c.envFiles().origins(),
                "PORT is the config's, so it names no file");
        assertTrue(c.envFiles().fromFile("DB_URL"));
        assertFalse(c.envFiles().fromFile("PORT"));
    }

    @Test
    void theFileIsReadAgainForTheNextGeneration() throws Exception {
        Path a = envFile("a.env", "TOKEN=one\n");
        Files.writeString(file, "command: ./app\nenv_file: [" + a + "]\n");
        assertEquals("one", loadFile(file, TemplateVars.FIRST).env().get("TOKEN"));
        Files.writeString(a, "TOKEN=two\n");
        assertEquals("two", loadFile(file, new TemplateVars(2)).env().get("TOKEN"));
    }

    @Test
    void aLeadingDashMakesAMissingFileOkAndASingleStringIsOneFile() throws Exception {
        BatonConfig c = load("command: ./app\nenv_file: -" + dir.resolve("none.env") + "\n");
        assertEquals(Map.of(), c.env());
        assertEquals(List.of(new EnvFiles.File(dir.resolve("none.env"), true, false)), c.envFiles().files());
    }

    @Test
    void aMissingFileWithoutDashNamesTheYamlPath() {
        assertEquals(at(2, "env_file[1]: " + dir.resolve("none.env") + ": no such file; expected an existing file, "
                + "or a leading - for one that may be missing"), error("command: ./app\nenv_file: [-x.env, none.env]\n"));
    }

    @Test
    void aSyntaxErrorNamesTheYamlPathTheFileLineAndTheValue() throws Exception {
        Path a = envFile("a.env", "A=1\n\nexport B=2\n");
        assertEquals(at(3, "env_file[0]: " + a + ":3: \"export B\" is not a variable name (EnvironmentFile= has no "
                + "`export`: drop the word); expected " + EnvFileSyntax.NAME_EXPECTED),
                error("command: ./app\nenv_file:\n  - " + a + "\n"));
    }

    @Test
    void aFileOthersMayWriteIsRefused() throws Exception {
        Path a = envFile("a.env", "A=1\n");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r--rw-"));
        assertEquals(at(2, "env_file[0]: " + a + " is unsafe: anyone may write to it (mode 0646); expected a file only "
                + "root can change, in directories only they can change"), error("command: ./app\nenv_file: [a.env]\n"));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-rw----"));
        assertTrue(error("command: ./app\nenv_file: [a.env]\n").contains("its group may write to it (mode 0660)"));
    }

    @Test
    void aFileOfAnotherUserIsRefusedAsIsOneInADirectoryOthersMayWrite() throws Exception {
        Path a = envFile("a.env", "A=1\n");
        Files.setAttribute(a, "unix:uid", 1000);
        String m = error("command: ./app\nenv_file: [a.env]\n");
        assertTrue(m.contains(a + " is unsafe: it belongs to uid 1000, "
                + "who could change the child's environment"), m);
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        envFile("open/b.env", "B=1\n");
        String inOpen = error("command: ./app\nenv_file: [open/b.env]\n");
        assertTrue(inOpen.contains("env_file[0]: directory " + open + " is unsafe: its group may write to it (mode 0777)"),
                inOpen);
    }

    @Test
    void aSymlinkIsJudgedByWhereItLeads() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = envFile("open/b.env", "B=1\n");
        Files.createSymbolicLink(dir.resolve("link.env"), target);
        assertTrue(error("command: ./app\nenv_file: [link.env]\n").contains("directory " + open + " is unsafe"));
    }

    @Test
    void theCommandIsFoundInThePathAnEnvFileSets() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        executable(other.resolve("tool"));
        Path a = envFile("a.env", "PATH=" + other + "\n");
        assertEquals(other.resolve("tool"), load("command: tool\nenv_file: [" + a + "]\n").command().program());
    }
}
