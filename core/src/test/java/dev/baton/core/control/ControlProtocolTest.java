package dev.baton.core.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The control socket's lines (README, "baton upgrade and baton status"). */
class ControlProtocolTest {

    @Test
    void everyLineParsesBackToItself() {
        List<ControlProtocol> all = List.of(new ControlProtocol.Banner(812),
                new ControlProtocol.Denied("only uid 1000 and root may control this baton"),
                new ControlProtocol.Busy("a flip is in progress"), new ControlProtocol.StatusRequest(),
                new ControlProtocol.UpgradeRequest(), new ControlProtocol.Status("{\"generation\":2}"),
                new ControlProtocol.Upgraded(3, 900, 901, 812), new ControlProtocol.Failed("config error: x"),
                new ControlProtocol.Error("unknown request HELLO"));
        for (ControlProtocol m : all) {
            assertEquals(Optional.of(m), ControlProtocol.parse(m.format()), m.format());
        }
    }

    @Test
    void theLinesAreVersionOnesBytes() {
        assertEquals("BATON 1 pid=812", new ControlProtocol.Banner(812).format());
        assertEquals("OK generation=3 baton_pid=900 child_pid=901 old_baton_pid=812",
                new ControlProtocol.Upgraded(3, 900, 901, 812).format());
        assertEquals("STATUS", new ControlProtocol.StatusRequest().format());
        assertEquals("UPGRADE", new ControlProtocol.UpgradeRequest().format());
        assertEquals("BUSY too many control connections", new ControlProtocol.Busy("too many control connections")
                .format());
    }

    @Test
    void aFailureStaysOnOneLine() {
        assertEquals("FAIL not healthy within 5s (last: a b)", new ControlProtocol.Failed("not healthy within 5s (last: a\nb)")
                .format());
    }

    @Test
    void anInPlaceAnswerWithoutAnOldBatonPidMeansNone() {
        assertEquals(Optional.of(new ControlProtocol.Upgraded(2, 10, 11, 0)),
                ControlProtocol.parse("OK generation=2 baton_pid=10 child_pid=11"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "BATON 2 pid=1", "BATON 1 pid=x", "OK generation=2", "UPGRADE now", "HELLO"})
    void aLineItCantReadIsNoAnswer(String line) {
        assertEquals(Optional.empty(), ControlProtocol.parse(line));
    }
}
