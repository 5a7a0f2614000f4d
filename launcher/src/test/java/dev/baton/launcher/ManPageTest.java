package dev.baton.launcher;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** baton(1) and baton.yaml(5) as the build writes them, from the CLI and docs/. */
class ManPageTest {
    private static final Path DOCS = Path.of(System.getProperty("user.dir")).getParent().resolve("docs");

    private static CommandLine cli() {
        return new CommandLine(new BatonCommand());
    }

    private static String read(String path) throws IOException {
        return Files.readString(DOCS.resolve(path), StandardCharsets.UTF_8);
    }

    @Test
    void batonOneHasASectionPerCommandWithItsExitStatusAndTheOperatorsSections() throws IOException {
        String man = ManPage.render(cli(), "9.9.9", read("man/baton.1.md"));
        for (String command : new String[] {"run", "check", "upgrade", "commit", "rollback", "status", "history",
                "version", "help", "train\\-archive"}) {
            int at = man.indexOf(".SS baton " + command + "\n");
            assertTrue(at > 0, "no section for baton " + command);
            int next = man.indexOf(".SS ", at + 1);
            String section = man.substring(at, next < 0 ? man.length() : next);
            assertTrue(section.contains("Exit status") || section.contains("Exits ") || section.contains("exits 0"),
                    "baton " + command + " says nothing of its exit status:\n" + section);
        }
        for (String heading : new String[] {".SH COMMANDS", ".SH EXIT STATUS", ".SH SIGNALS", ".SH ENVIRONMENT",
                ".SH FILES", ".SH EXAMPLES", ".SH SEE ALSO"}) {
            assertTrue(man.contains("\n" + heading + "\n"), heading + " is missing");
        }
        for (String word : new String[] {"BATON_JAVA_OPTS", "JAVA_HOME", "BATON_CACHE_DIR", "NOTIFY_SOCKET",
                "LISTEN_FDS", "/etc/baton/NAME.env", "/var/cache/baton/"}) {
            assertTrue(man.contains(MarkdownRoff.escape(word)), word + " is not in baton(1)");
        }
        assertFalse(man.contains("gen\\-man"), "hidden commands stay out");
    }

    @Test
    void aCommandWithoutItsHandWrittenPartIsABuildError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManPage.render(cli(), "9.9.9", "# baton(1)\n\n## baton run\n\nExits.\n"));
        assertTrue(e.getMessage().contains("check"), e.getMessage());
    }

    @Test
    void batonYamlFiveIsTheConfigReference() throws IOException {
        String man = ManPage.renderConfig("9.9.9", read("config.md"));
        assertTrue(man.startsWith(".TH BATON.YAML 5 "), man.lines().findFirst().orElse(""));
        for (String heading : new String[] {".SH DESCRIPTION", ".SH KEYS", ".SH ENV FILES", ".SH HEALTH CHECKS"}) {
            assertTrue(man.contains("\n" + heading + "\n"), heading + " is missing");
        }
        assertTrue(man.contains(".TP\n\\fBshutdown.timeout\\fR\n"), "each key of the reference is a tagged paragraph");
        assertFalse(man.contains("```"), "code fences become .nf blocks");
        assertFalse(man.contains("](") || man.contains("<!--"), "links become their text, comments go");
        assertTrue(man.chars().allMatch(c -> c < 127), "anything outside ASCII is a troff escape");
    }

    @Test
    void inlineMarkupBecomesFonts() {
        assertEquals("a \\fBcode\\-span\\fR, \\fBbold\\fR, \\fIitalic\\fR and a link",
                MarkdownRoff.text("a `code-span`, **bold**, *italic* and [a link](x.md#y)"));
        assertEquals("\\&.starts with a dot", MarkdownRoff.text(".starts with a dot"));
        assertEquals("\\fB\\e`\\fR and \\[u2192]", MarkdownRoff.text("`` \\` `` and →"));
    }
}
