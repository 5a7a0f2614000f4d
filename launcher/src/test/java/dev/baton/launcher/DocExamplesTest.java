package dev.baton.launcher;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.HostChecks;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.supervisor.BatonEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in README.md and docs/ (docs/man/baton.1.md is baton(1)'s, docs/config.md baton.yaml(5)'s)
 * is run or marked as an illustration, and every link inside them leads somewhere:
 * <ul>
 *   <li>a {@code ```yaml} block is a whole config that passes {@code baton check --offline}; {@code ```yaml
 *       fragment} is one once a {@code command:} is added, {@code ```yaml fragments} is one such fragment per
 *       line; {@code ```yaml illustration} is not checked;</li>
 *   <li>any other block is {@code ```text illustration} or {@code ```console illustration}, or follows
 *       {@code <!-- tested: SomeIT -->}, naming the test class under launcher/src/test that runs it;</li>
 *   <li>a relative link names a file that exists and, in a markdown file, a heading that exists.</li>
 * </ul>
 */
class DocExamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern FENCE = Pattern.compile("^( *)```(.*)$");
    private static final Pattern TESTED = Pattern.compile("^<!-- tested: ([A-Za-z0-9_]+) -->$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*)$");

    private static List<Path> docs;
    private static Set<String> testClasses;

    /** One fenced block: where it starts, its info string, its text, and the line before it. */
    record Block(Path file, int line, List<String> info, String text, String before) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    @BeforeAll
    static void find() throws IOException {
        List<Path> found = new ArrayList<>();
        found.add(ROOT.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(found::add);
        }
        docs = found;
        Set<String> classes = new HashSet<>();
        try (Stream<Path> walk = Files.walk(ROOT.resolve("launcher/src/test/java"))) {
            walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> classes.add(n.substring(0, n.length() - ".java".length())));
        }
        testClasses = classes;
        assertTrue(docs.size() > 5, "README.md and docs/ not found from " + ROOT);
    }

    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            String before = "";
            for (int b = i - 1; b >= 0; b--) {
                if (!lines.get(b).isBlank()) {
                    before = lines.get(b).strip();
                    break;
                }
            }
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                String line = lines.get(i);
                text.append(line.substring(Math.min(open.group(1).length(), line.length() - line.stripLeading().length())))
                        .append('\n');
            }
            assertTrue(i < lines.size(), file + ":" + (start + 1) + ": a code block that never ends");
            List<String> info = open.group(2).isBlank() ? List.of() : List.of(open.group(2).strip().split("\\s+"));
            out.add(new Block(file, start + 1, info, text.toString(), before));
        }
        return out;
    }

    private static List<Block> all() throws IOException {
        List<Block> out = new ArrayList<>();
        for (Path doc : docs) {
            out.addAll(blocks(doc));
        }
        return out;
    }

    @Test
    void everyYamlExampleIsAConfigThatPassesCheckOffline(@TempDir Path dir) throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Block b : all()) {
            if (b.info().isEmpty() || !b.info().get(0).equals("yaml") || b.info().contains("illustration")) {
                continue;
            }
            List<String> configs = b.info().contains("fragments")
                    ? b.text().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList() : List.of(b.text());
            for (String config : configs) {
                String yaml = b.info().contains("fragment") || b.info().contains("fragments")
                        ? "command: [/bin/true]\n" + config : config;
                Path file = dir.resolve("example-" + checked++ + ".yaml");
                Files.writeString(file, yaml, StandardCharsets.UTF_8);
                ConfigOption option = new ConfigOption();
                option.file = file;
                try {
                    option.loader(BatonEnvironment.fromProcess(Map.of())).offline(HostChecks.offline())
                            .load(file, TemplateVars.FIRST);
                } catch (ConfigException e) {
                    failures.add(b.where() + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), failures, "yaml examples that baton check --offline refuses");
        assertTrue(checked > 10, "only " + checked + " yaml examples found");
    }

    @Test
    void everyOtherExampleIsTestedOrMarkedAsAnIllustration() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Block b : all()) {
            String lang = b.info().isEmpty() ? "" : b.info().get(0);
            if (lang.equals("yaml")) {
                continue;
            }
            Matcher tested = TESTED.matcher(b.before());
            if (b.info().contains("illustration")) {
                if (!lang.equals("text") && !lang.equals("console")) {
                    failures.add(b.where() + ": an illustration is ```text or ```console, not ```" + lang);
                }
            } else if (!tested.matches()) {
                failures.add(b.where() + ": ```" + lang + " is neither after <!-- tested: SomeIT --> nor marked"
                        + " ```text illustration / ```console illustration");
            } else if (!testClasses.contains(tested.group(1))) {
                failures.add(b.where() + ": " + tested.group(1) + " is not a test class under launcher/src/test");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (FENCE.matcher(line).matches()) {
                    fenced = !fenced;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String problem = problem(doc, m.group(1));
                    if (problem != null) {
                        failures.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + m.group(1) + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** What is wrong with a link from {@code doc}, or null. */
    private static String problem(Path doc, String target) throws IOException {
        if (target.matches("^[a-z]+:.*")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (hash < 0 || !file.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchors(file).contains(anchor) ? null : "no heading #" + anchor + " in " + ROOT.relativize(file);
    }

    /** GitHub's anchors of a markdown file's headings. */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
            }
            Matcher h = HEADING.matcher(line);
            if (!fenced && h.matches()) {
                out.add(h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                        .replace(' ', '-'));
            }
        }
        return out;
    }
}
