package dev.baton.core.supervisor;

import dev.baton.core.config.MetricsConfig;
import dev.baton.core.metrics.MetricsSocket;
import dev.baton.core.os.ListenAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The metrics listener: bound by the first baton, adopted by a new one if it is what the config says (here: FakeOs). */
class MetricsSocketTest {
    private final FakeOs os = new FakeOs();

    private static MetricsConfig listen(int port) throws Exception {
        return new MetricsConfig(Optional.of(new ListenAddress.Tcp(InetAddress.getByName("127.0.0.1"), port)),
                Optional.empty());
    }

    @Test
    void theFirstBatonBindsTheAddress() throws Exception {
        int fd = MetricsSocket.open(os, listen(9464), Map.of());
        assertEquals(List.of("listen tcp://127.0.0.1:9464 " + fd), os.calls());
    }

    @Test
    void aNewBatonAdoptsTheListenerItsOldBatonPassedOn() throws Exception {
        os.socketAt(7, "tcp://127.0.0.1:9464");
        assertEquals(7, MetricsSocket.open(os, listen(9464), Map.of("BATON_METRICS_FD", "7")));
        assertEquals(List.of(), os.calls(), "nothing bound, nothing closed");
    }

    @Test
    void aChangedAddressOrSomethingElseAtTheFdIsClosedAndTheAddressBound() throws Exception {
        os.socketAt(7, "tcp://127.0.0.1:9464");
        int fd = MetricsSocket.open(os, listen(9465), Map.of("BATON_METRICS_FD", "7"));
        assertEquals(List.of("close 7", "listen tcp://127.0.0.1:9465 " + fd), os.calls());

        FakeOs other = new FakeOs(); // fd 8 is no listening socket at all
        int bound = MetricsSocket.open(other, listen(9464), Map.of("BATON_METRICS_FD", "8"));
        assertEquals(List.of("close 8", "listen tcp://127.0.0.1:9464 " + bound), other.calls());
    }

    @Test
    void withoutListenAnInheritedListenerIsClosed() throws Exception {
        os.socketAt(7, "tcp://127.0.0.1:9464");
        MetricsConfig textfileOnly = new MetricsConfig(Optional.empty(), Optional.of(Path.of("/var/lib/b.prom")));
        assertEquals(-1, MetricsSocket.open(os, textfileOnly, Map.of("BATON_METRICS_FD", "7")));
        assertEquals(List.of("close 7"), os.calls());
    }
}
