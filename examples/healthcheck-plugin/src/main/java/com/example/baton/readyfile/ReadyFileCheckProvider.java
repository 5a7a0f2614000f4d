package com.example.baton.readyfile;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code ready_file: {path: /run/app/ready, contains: "{{child_pid}}"}}: healthy once the file exists and,
 * if {@code contains} is set, its first 4 KiB match that regular expression ({@code {{child_pid}}} is the
 * new child's pid, so a file left by the old child doesn't count).
 */
public final class ReadyFileCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "ready_file";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        String expected = "the file the app writes when it is ready, e.g. /run/app/ready";
        Path path = settings.path("path", expected).orElseThrow(() -> settings.error("path", "`path` is missing", expected));
        Optional<String> contains = settings.string("contains");
        if (contains.isPresent()) {
            try {
                Pattern.compile(contains.get().replace("{{child_pid}}", "1"));
            } catch (PatternSyntaxException e) {
                throw settings.error("contains", "\"" + contains.get() + "\" is not a valid regular expression",
                        "a regular expression such as \"^{{child_pid}}$\"");
            }
        }
        return new Spec(path, contains);
    }

    record Spec(Path path, Optional<String> contains) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "ready_file";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path.toString());
            contains.ifPresent(c -> m.put("contains", c));
            return m;
        }

        @Override
        public Probe newProbe() {
            return new Probe() {
                @Override
                public Attempt attempt(CheckContext context, Duration timeout) {
                    String text;
                    try {
                        try (var in = Files.newInputStream(path)) {
                            text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                        }
                    } catch (NoSuchFileException e) {
                        return Attempt.fail("no file at " + path);
                    } catch (IOException e) {
                        return Attempt.fail("cannot read " + path + ": " + e.getMessage());
                    }
                    if (contains.isPresent()) {
                        Pattern p = Pattern.compile(contains.get().replace("{{child_pid}}", Long.toString(context.childPid())));
                        if (!p.matcher(text).find()) {
                            return Attempt.fail(path + " does not match /" + p.pattern() + "/");
                        }
                    }
                    return Attempt.PASS;
                }
            };
        }
    }
}
