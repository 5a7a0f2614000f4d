package dev.baton.launcher;

import dev.baton.core.config.Suggest;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line for a command-line mistake, with a "did you mean" where a command or option name is
 * close. An unknown word is reported before a missing option, because it is usually the cause:
 * {@code baton check --confg x} lacks {@code --config} only because it was misspelt.
 */
final class UsageErrors {
    private UsageErrors() {
    }

    static String describe(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u
                ? u.getUnmatched() : cmd.getUnmatchedArguments();
        if (unmatched.isEmpty()) {
            return e.getMessage();
        }
        String word = unmatched.get(0);
        CommandSpec spec = cmd.getCommandSpec();
        if (word.startsWith("-")) {
            String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            return "unknown option '" + option + "'" + hint(option, optionNames(spec));
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command '" + word + "'" + hint(word, commandNames(spec));
        }
        return "unexpected argument '" + word + "'";
    }

    private static String hint(String word, List<String> names) {
        Optional<String> close = Suggest.closest(word, names);
        return close.map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    private static List<String> commandNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((n, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(n);
            }
        });
        return names;
    }
}
