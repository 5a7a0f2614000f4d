package dev.baton.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -c FILE}, shared by the subcommands that read a config. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "The YAML config file.")
    Path file;
}
