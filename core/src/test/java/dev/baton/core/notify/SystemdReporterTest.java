package dev.baton.core.notify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemdReporterTest {
    final List<String> sent = new ArrayList<>();
    final Notifier recording = new Notifier() {
        @Override
        public void send(String message) {
            sent.add(message);
        }

        @Override
        public boolean enabled() {
            return true;
        }
    };

    private List<String> first() {
        return sent.stream().map(m -> m.split("\n")[0]).toList();
    }

    @Test
    void firstBatonThroughAFailedAndASuccessfulInPlaceFlipToStop() {
        SystemdReporter r = new SystemdReporter(recording, 100, false);
        r.ready(1, 200);
        r.flipStarted(2);
        r.flipEnded(2, "new child exited with code 3 before it was healthy");
        r.flipStarted(2);
        r.servingChanged(2, 300);
        r.flipEnded(2, null);
        r.stopping();
        assertEquals(List.of("READY=1", "RELOADING=1", "READY=1", "RELOADING=1", "READY=1", "STOPPING=1"), first());
        assertEquals("READY=1\nSTATUS=generation 1, child pid 200, last flip: none yet", sent.get(0));
        assertTrue(sent.get(1).matches("RELOADING=1\nMONOTONIC_USEC=\\d+\nSTATUS=flip to generation 2 in progress; "
                + "generation 1 serving"), sent.get(1));
        assertTrue(sent.get(2).matches("READY=1\nSTATUS=generation 1, child pid 200, last flip: failed at "
                + "\\d\\d:\\d\\d:\\d\\d: new child exited with code 3 before it was healthy"), sent.get(2));
        assertTrue(sent.get(4).matches("READY=1\nSTATUS=generation 2, child pid 300, last flip: generation 2 took over "
                + "at \\d\\d:\\d\\d:\\d\\d"), sent.get(4));
    }

    @Test
    void newBatonIsSilentUntilTheHandoverThenAnnouncesItselfTwice() {
        SystemdReporter r = new SystemdReporter(recording, 500, true);
        r.ready(4, 600);
        assertEquals(List.of(), sent, "not the main process yet: no READY=1 of its own");
        r.tookOver(4, 600);
        r.oldBatonGone(501);
        assertEquals(List.of("MAINPID=500", "MAINPID=501", "MAINPID=500"), first());
        assertTrue(sent.get(0).startsWith("MAINPID=500\nREADY=1\nSTATUS=generation 4, child pid 600"), sent.get(0));
        assertEquals("MAINPID=501", sent.get(1), "a placeholder first, so that systemd looks at the pid again");
    }

    @Test
    void onlyExtendTimeoutIsPassedOnFromAChild() {
        SystemdReporter r = new SystemdReporter(recording, 100, false);
        r.forwardNotification("EXTEND_TIMEOUT_USEC=5000000");
        r.forwardNotification("READY=1");
        r.forwardNotification("MAINPID=1");
        assertEquals(List.of("EXTEND_TIMEOUT_USEC=5000000"), sent);
    }
}
