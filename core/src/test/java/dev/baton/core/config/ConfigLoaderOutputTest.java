package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code output: {mode, prefix}}. */
class ConfigLoaderOutputTest extends ConfigTestSupport {

    @Test
    void inheritIsTheDefault() throws Exception {
        assertEquals(OutputConfig.Mode.INHERIT, load("command: ./app\n").output().mode());
    }

    @Test
    void pipeWithTheDefaultPrefixRenderedPerChild() throws Exception {
        OutputConfig o = load("command: ./app\noutput: {mode: pipe}\n").output();
        assertEquals(OutputConfig.Mode.PIPE, o.mode());
        assertEquals("[3 1234] ", new String(o.prefixFor(3, 1234), StandardCharsets.UTF_8));
    }

    @Test
    void aPrefixMayUseTheEnvironmentAndAlternate() throws Exception {
        system.env.put("APP", "shop");
        OutputConfig o = load("command: ./app\nalternate: [a, b]\n"
                + "output: {mode: pipe, prefix: \"${APP}/{{alt}} g{{generation}} p{{child_pid}}: \"}\n").output();
        assertEquals("shop/a g1 p99: ", new String(o.prefixFor(1, 99), StandardCharsets.UTF_8));
    }

    @Test
    void badValuesAreOneLineErrors() {
        assertEquals(at(2, "output.mode: \"tee\" is not an output mode; expected inherit or pipe"),
                error("command: ./app\noutput: {mode: tee}\n"));
        assertEquals(at(2, "output.prefix: unknown placeholder {{pid}}; expected one of {{generation}}, {{alt}}, "
                + "{{child_pid}}"), error("command: ./app\noutput: {mode: pipe, prefix: \"{{pid}} \"}\n"));
        assertEquals(at(2, "output.prefix: \"a\\nb\" holds a line break or a NUL; expected a string with "
                + "{{generation}} and {{child_pid}}, e.g. \"[{{generation}} {{child_pid}}] \""),
                error("command: ./app\noutput: {mode: pipe, prefix: \"a\\nb\"}\n"));
        assertEquals(at(2, "output.colour: unknown key; expected one of mode, prefix"),
                error("command: ./app\noutput: {mode: pipe, colour: red}\n"));
    }
}
