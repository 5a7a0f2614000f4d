package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplatesTest {

    private static Map<String, Optional<String>> values(Optional<String> alt) {
        Map<String, Optional<String>> m = new LinkedHashMap<>();
        m.put("generation", Optional.of("3"));
        m.put("alt", alt);
        return m;
    }

    private static String render(String text) throws Interpolation.Problem {
        return Templates.render(text, values(Optional.of("8082")));
    }

    @Test
    void textWithoutBracesIsUnchanged() throws Exception {
        assertEquals("plain {x} text", render("plain {x} text"));
    }

    @Test
    void rendersGenerationAndAlt() throws Exception {
        assertEquals("gen 3 on 8082, again 8082", render("gen {{generation}} on {{alt}}, again {{alt}}"));
    }

    @Test
    void spacesInsideBracesAreAllowed() throws Exception {
        assertEquals("8082", render("{{ alt  }}"));
    }

    @Test
    void bracesThatAreNotAPlaceholderAreKept() throws Exception {
        assertEquals("{{1}} {{alt} {{}}", render("{{1}} {{alt} {{}}"));
    }

    @Test
    void valueIsInsertedLiterally() throws Exception {
        assertEquals("<a$1\\b>", Templates.render("<{{alt}}>", values(Optional.of("a$1\\b"))));
    }

    @Test
    void unknownPlaceholder() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> render("x{{port}}"));
        assertEquals("unknown placeholder {{port}}", p.getMessage());
        assertEquals("one of {{generation}}, {{alt}}", p.expected);
    }

    @Test
    void altWithoutValue() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class,
                () -> Templates.render("{{alt}}", values(Optional.empty())));
        assertEquals("{{alt}} is used but has no value", p.getMessage());
        assertEquals("an `alternate:` list of values", p.expected);
    }

    @Test
    void placeholderNamesAreCaseSensitive() {
        Interpolation.Problem p = assertThrows(Interpolation.Problem.class, () -> render("{{ALT}}"));
        assertEquals("unknown placeholder {{ALT}}", p.getMessage());
    }
}
