package dev.baton.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Build-time helpers (hidden): the man page and the shell completions, all from the CLI model. */
final class GenerateCommand {
    private GenerateCommand() {
    }

    /** baton(1) and baton.yaml(5), into DIR, from the CLI model and from DOCS (man/baton.1.md, config.md). */
    @Command(name = "gen-man", hidden = true, description = "Write the baton(1) and baton.yaml(5) man pages.")
    static final class Man implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DOCS")
        Path docs;

        @Parameters(index = "1", paramLabel = "DIR")
        Path dir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String handWritten = Files.readString(docs.resolve("man/baton.1.md"), StandardCharsets.UTF_8);
            write(dir.resolve("baton.1"), ManPage.render(spec.parent().commandLine(), Version.get(), handWritten));
            String config = Files.readString(docs.resolve("config.md"), StandardCharsets.UTF_8);
            write(dir.resolve("baton.yaml.5"), ManPage.renderConfig(Version.get(), config));
            return 0;
        }
    }

    @Command(name = "gen-completion", hidden = true, description = "Write a shell completion script.")
    static final class Completion implements Callable<Integer> {
        @CommandLine.Option(names = "--shell", defaultValue = "bash", description = "bash, zsh or fish")
        String shell;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CommandLine root = spec.parent().commandLine();
            String script = switch (shell) {
                case "zsh" -> ShellCompletion.zsh(root);
                case "fish" -> ShellCompletion.fish(root);
                default -> ShellCompletion.bash(root);
            };
            write(file, script);
            return 0;
        }
    }

    static void write(Path file, String text) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
