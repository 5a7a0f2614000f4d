package dev.baton.core.handover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The handover protocol's wire lines, both ways (README, "How a flip works"). */
class MessageTest {

    @Test
    void everyMessageIsOneLineThatParsesBackToItself() {
        List<Message> all = List.of(new Message.Hello(4242, "1.2.3", 45_000), new Message.Ready(4242, 5150, 7),
                new Message.Fail("new child exited with code 3 before it was healthy"), new Message.Stop(),
                new Message.Ack(), new Message.Upgrade(), new Message.Probation(30_000),
                new Message.Rollback("new child exited with code 3"),
                new Message.Draining(List.of("generation 3 (child pid 77, SIGKILL at 2026-12-02T20:00:00Z) in baton pid 70",
                        "generation 4 (child pid 88, SIGKILL at 2026-12-02T20:00:05Z)")),
                new Message.Draining(List.of()));
        for (Message m : all) {
            assertEquals(Optional.of(m), Message.parse(m.format()), m.format());
        }
    }

    @Test
    void theLinesAreWhatAnOldBatonOfTheSameProtocolReads() {
        assertEquals("HELLO pid=4242 version=1.2.3 timeout_ms=45000", new Message.Hello(4242, "1.2.3", 45_000).format());
        assertEquals("READY pid=4242 child=5150 generation=7", new Message.Ready(4242, 5150, 7).format());
        assertEquals("FAIL config error", new Message.Fail("config error").format());
        assertEquals(1, Message.WITHOUT_PROBATION, "what baton 0.1 speaks, and a flip without probation");
        assertEquals(2, Message.WITH_PROBATION);
        assertEquals(3, Message.PROTOCOL, "with DRAINING");
    }

    @Test
    void version2AddsProbationAndRollback() {
        assertEquals("PROBATION ms=30000", new Message.Probation(30_000).format());
        assertEquals("ROLLBACK baton rollback", new Message.Rollback("baton rollback").format());
        assertEquals("ROLLBACK a b", new Message.Rollback("a\nb").format());
        assertEquals(Optional.of(new Message.Rollback("no reason given")), Message.parse("ROLLBACK"));
        assertEquals(Optional.empty(), Message.parse("PROBATION ms=soon"));
    }

    @Test
    void version3AddsDrainingWithOneLinePerGenerationOrNone() {
        assertEquals("DRAINING generation 3 (child pid 77); generation 4 (child pid 88)",
                new Message.Draining(List.of("generation 3 (child pid 77)", "generation 4 (child pid 88)")).format());
        assertEquals("DRAINING", new Message.Draining(List.of()).format());
        assertEquals(Optional.of(new Message.Draining(List.of())), Message.parse("DRAINING "));
    }

    @Test
    void aFailureReasonStaysOnOneLine() {
        assertEquals("FAIL a b", new Message.Fail("a\nb").format());
        assertEquals(Optional.of(new Message.Fail("no reason given")), Message.parse("FAIL"));
    }

    @Test
    void fieldsMayComeInAnyOrderAndUnknownOnesAreIgnored() {
        assertEquals(Optional.of(new Message.Ready(1, 2, 3)), Message.parse("READY generation=3 extra=x child=2 pid=1"));
        assertEquals(Optional.of(new Message.Hello(9, "unknown", 10)), Message.parse("HELLO pid=9 timeout_ms=10"));
    }

    /** The protocol ignores what it can't read: a stray or broken line never throws. */
    @ParameterizedTest
    @ValueSource(strings = {"", "HELLO", "HELLO pid=x timeout_ms=1", "READY pid=1 child=2", "WHAT now", "ready pid=1"})
    void aLineItCantReadIsNoMessage(String line) {
        assertEquals(Optional.empty(), Message.parse(line));
    }
}
