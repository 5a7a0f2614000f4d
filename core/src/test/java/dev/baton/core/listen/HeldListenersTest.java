package dev.baton.core.listen;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;

import dev.baton.core.os.ListenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sockets baton holds: opened once, matched by normalized address across configs, closed when unused. */
class HeldListenersTest {
    @TempDir
    Path dir;

    private final ListenOnlyOs os = new ListenOnlyOs();
    private final HeldListeners held = new HeldListeners(os);

    private static ListenerConfig tcp(String name, String host, int port) {
        try {
            return new ListenerConfig(name, new ListenAddress.Tcp(InetAddress.getByName(host), port),
                    ListenerConfig.DEFAULT_BACKLOG, Optional.empty(), Optional.empty(), Optional.empty(), false);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ListenerConfig unix(String name, Path path) {
        return new ListenerConfig(name, new ListenAddress.Unix(path), ListenerConfig.DEFAULT_BACKLOG,
                Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private static HeldListeners.Held h(String address, int fd, Optional<String> name, boolean ownsFile) {
        return new HeldListeners.Held(address, fd, name, ownsFile);
    }

    // ---- prepare ----

    @Test
    void prepareOpensEveryListenerInConfigOrder() throws Exception {
        Path sock = dir.resolve("admin.sock");
        ListenerConfig web = tcp("web", "127.0.0.1", 8080);
        ListenerConfig admin = unix("admin", sock);

        HeldListeners.Prepared p = held.prepare(List.of(web, admin));

        assertEquals(List.of("listen tcp://127.0.0.1:8080 100", "listen unix://" + sock + " 101"), os.calls());
        assertEquals(List.of(web, admin), p.configs());
        assertEquals(List.of(100, 101), p.fds());
        assertEquals(Set.of("tcp://127.0.0.1:8080", "unix://" + sock), p.opened());
        assertEquals(List.of(h("tcp://127.0.0.1:8080", 100, Optional.empty(), false),
                h("unix://" + sock, 101, Optional.empty(), true)), held.all(),
                "baton owns the files of the unix sockets it binds; tcp sockets have none");
    }

    @Test
    void prepareWithoutListenersOpensNothing() throws Exception {
        HeldListeners.Prepared p = held.prepare(List.of());
        assertEquals(List.of(), p.fds());
        assertEquals(Set.of(), p.opened());
        assertEquals(List.of(), os.calls());
    }

    @Test
    void prepareReusesHeldSocketsByNormalizedAddress() throws Exception {
        Path sock = dir.resolve("admin.sock");
        held.prepare(List.of(tcp("web", "::1", 8080), unix("admin", sock)));

        // another spelling of the same addresses, other names, another order, plus one new listener
        HeldListeners.Prepared p = held.prepare(List.of(
                unix("control", dir.resolve("sub/../admin.sock").normalize()),
                tcp("metrics", "127.0.0.1", 9100),
                tcp("http", "0:0:0:0:0:0:0:1", 8080)));

        assertEquals(List.of("listen tcp://[::1]:8080 100", "listen unix://" + sock + " 101",
                "listen tcp://127.0.0.1:9100 102"), os.calls(), "only the new address is opened");
        assertEquals(List.of(101, 102, 100), p.fds(), "fds in the new config's order");
        assertEquals(Set.of("tcp://127.0.0.1:9100"), p.opened());
    }

    @Test
    void theSameConfigAgainOpensNothing() throws Exception {
        List<ListenerConfig> ls = List.of(tcp("web", "0.0.0.0", 8080), tcp("v6", "::", 8080));
        HeldListeners.Prepared first = held.prepare(ls);
        HeldListeners.Prepared again = held.prepare(ls);
        assertEquals(first.fds(), again.fds());
        assertEquals(Set.of(), again.opened());
        assertEquals(List.of("listen tcp://0.0.0.0:8080 100", "listen tcp://[::]:8080 101"), os.calls());
    }

    @Test
    void adoptedSocketsAreMatchedByNameOrAddress() throws Exception {
        // from systemd: FileDescriptorName=web on some address, and an unnamed one
        held.adopt("tcp://0.0.0.0:80", 3, Optional.of("web"), false);
        held.adopt("tcp://127.0.0.1:9000", 4, Optional.empty(), false);

        HeldListeners.Prepared p = held.prepare(List.of(tcp("admin", "127.0.0.1", 9000), tcp("web", "127.0.0.1", 8080)));

        assertEquals(List.of(), os.calls(), "nothing is bound: both come from systemd");
        assertEquals(List.of(4, 3), p.fds());
        assertEquals(Set.of(), p.opened());

        assertEquals(List.of(), held.retainOnly(List.of(tcp("admin", "127.0.0.1", 9000), tcp("web", "127.0.0.1", 8080))));
        assertEquals(List.of(), os.calls(), "a socket matched by name is in use");
    }

    @Test
    void aListenFailureClosesWhatThatPrepareOpenedAndRethrows() throws Exception {
        Path kept = dir.resolve("kept.sock");
        Path fresh = dir.resolve("fresh.sock");
        held.prepare(List.of(tcp("web", "127.0.0.1", 8080), unix("kept", kept)));
        ListenException boom = new ListenException("cannot listen on tcp://127.0.0.1:9001: address already in use");
        os.failListen("tcp://127.0.0.1:9001", boom.getMessage());

        ListenException thrown = assertThrows(ListenException.class, () -> held.prepare(List.of(
                tcp("web", "127.0.0.1", 8080),
                unix("fresh", fresh),
                tcp("metrics", "127.0.0.1", 9000),
                tcp("busy", "127.0.0.1", 9001),
                tcp("never", "127.0.0.1", 9002))));

        assertEquals(boom.getMessage(), thrown.getMessage());
        assertEquals(List.of(
                "listen tcp://127.0.0.1:8080 100",
                "listen unix://" + kept + " 101",
                "listen unix://" + fresh + " 102",
                "listen tcp://127.0.0.1:9000 103",
                "listen-failed tcp://127.0.0.1:9001",
                "close 102",
                "close 103"), os.calls(), "the held sockets stay open; nothing after the failure is tried");
        assertFalse(Files.exists(fresh), "the file this prepare bound is removed");
        assertTrue(Files.exists(kept), "a held socket's file stays");
        assertEquals(List.of(h("tcp://127.0.0.1:8080", 100, Optional.empty(), false),
                h("unix://" + kept, 101, Optional.empty(), true)), held.all());

        // the failed addresses are not remembered as held: the next prepare opens them again
        HeldListeners.Prepared again = held.prepare(List.of(tcp("metrics", "127.0.0.1", 9000)));
        assertEquals(List.of(104), again.fds());
    }

    @Test
    void aFailureOnTheFirstListenerClosesNothing() {
        os.failListen("tcp://127.0.0.1:80", "cannot listen on tcp://127.0.0.1:80: permission denied");
        ListenException e = assertThrows(ListenException.class, () -> held.prepare(List.of(tcp("web", "127.0.0.1", 80))));
        assertEquals("cannot listen on tcp://127.0.0.1:80: permission denied", e.getMessage());
        assertEquals(List.of("listen-failed tcp://127.0.0.1:80"), os.calls());
        assertEquals(List.of(), held.all());
    }

    // ---- abandon ----

    @Test
    void abandonClosesWhatPrepareOpenedAndDeletesItsFiles() throws Exception {
        Path kept = dir.resolve("kept.sock");
        Path fresh = dir.resolve("fresh.sock");
        held.prepare(List.of(unix("kept", kept)));
        HeldListeners.Prepared p = held.prepare(List.of(unix("kept", kept), unix("fresh", fresh),
                tcp("web", "127.0.0.1", 8080)));
        assertTrue(Files.exists(fresh));

        held.abandon(p);

        assertEquals(List.of("listen unix://" + kept + " 100", "listen unix://" + fresh + " 101",
                "listen tcp://127.0.0.1:8080 102", "close 101", "close 102"), os.calls());
        assertFalse(Files.exists(fresh));
        assertTrue(Files.exists(kept), "reused, not opened by that prepare");
        assertEquals(List.of(h("unix://" + kept, 100, Optional.empty(), true)), held.all());
    }

    @Test
    void abandonOfReusedSocketsClosesNothing() throws Exception {
        List<ListenerConfig> ls = List.of(tcp("web", "127.0.0.1", 8080));
        held.prepare(ls);
        held.abandon(held.prepare(ls));
        assertEquals(List.of("listen tcp://127.0.0.1:8080 100"), os.calls());
        assertEquals(1, held.all().size());
    }

    @Test
    void abandonNeverDeletesAFileBatonDoesNotOwn() throws Exception {
        Path external = Files.createFile(dir.resolve("systemd.sock"));
        String address = "unix://" + external;
        held.adopt(address, 3, Optional.of("web"), false);

        held.abandon(new HeldListeners.Prepared(List.of(unix("web", external)), List.of(3), Set.of(address)));

        assertEquals(List.of("close 3"), os.calls());
        assertTrue(Files.exists(external), "systemd's socket file is not baton's to remove");
        assertEquals(List.of(), held.all());
    }

    // ---- retainOnly and removeFiles ----

    @Test
    void retainOnlyClosesUnusedSocketsAndReturnsTheirFiles() throws Exception {
        Path admin = dir.resolve("admin.sock");
        Path metrics = dir.resolve("metrics.sock");
        held.prepare(List.of(tcp("web", "127.0.0.1", 8080), unix("admin", admin), unix("metrics", metrics),
                tcp("old", "::", 8081)));

        List<Path> files = held.retainOnly(List.of(tcp("web", "127.0.0.1", 8080)));

        assertEquals(List.of(admin, metrics), files);
        assertEquals(List.of("close 101", "close 102", "close 103"),
                os.calls().subList(4, os.calls().size()));
        assertTrue(Files.exists(admin) && Files.exists(metrics),
                "files are removed later, once the old generation is gone");
        assertEquals(List.of(h("tcp://127.0.0.1:8080", 100, Optional.empty(), false)), held.all());

        HeldListeners.removeFiles(files);
        assertFalse(Files.exists(admin));
        assertFalse(Files.exists(metrics));
        HeldListeners.removeFiles(files); // already gone: no error
    }

    @Test
    void retainOnlyMatchesByNormalizedAddress() throws Exception {
        held.prepare(List.of(tcp("web", "::1", 8080)));
        assertEquals(List.of(), held.retainOnly(List.of(tcp("renamed", "0:0:0:0:0:0:0:1", 8080))));
        assertEquals(List.of("listen tcp://[::1]:8080 100"), os.calls());
    }

    @Test
    void retainOnlyDoesNotReturnFilesItDoesNotOwn() throws Exception {
        Path external = Files.createFile(dir.resolve("systemd.sock"));
        held.adopt("unix://" + external, 3, Optional.empty(), false);
        assertEquals(List.of(), held.retainOnly(List.of()));
        assertEquals(List.of("close 3"), os.calls());
        assertTrue(Files.exists(external));
    }

    @Test
    void removeFilesDeletesOnlyOwnedUnixFiles() throws Exception {
        Path own = dir.resolve("own.sock");
        Path external = Files.createFile(dir.resolve("systemd.sock"));
        held.prepare(List.of(unix("own", own), tcp("web", "127.0.0.1", 8080)));
        held.adopt("unix://" + external, 3, Optional.of("ext"), false);

        held.removeFiles();

        assertFalse(Files.exists(own));
        assertTrue(Files.exists(external));
        assertEquals(List.of("listen unix://" + own + " 100", "listen tcp://127.0.0.1:8080 101"), os.calls(),
                "removing files closes nothing");
    }

    // ---- handing the sockets to a new baton ----

    @Test
    void describeForNewBatonAndAdoptFromOldBatonRoundTrip() throws Exception {
        Path own = dir.resolve("own.sock");
        held.adopt("unix:///run/app/admin.sock", 3, Optional.of("admin"), false);
        held.adopt("tcp://[::]:443", 4, Optional.of("https"), false);
        held.prepare(List.of(tcp("web", "127.0.0.1", 8080), unix("own", own)));

        String description = held.describeForNewBaton();
        assertEquals("unix:///run/app/admin.sock#external#name=admin;tcp://[::]:443#name=https;"
                + "tcp://127.0.0.1:8080;unix://" + own, description);

        HeldListeners next = new HeldListeners(ListenOnlyOs.inheritingFrom(held));
        next.adoptFromOldBaton(description);
        assertEquals(List.of(
                h("unix:///run/app/admin.sock", 5, Optional.of("admin"), false),
                h("tcp://[::]:443", 6, Optional.of("https"), false),
                h("tcp://127.0.0.1:8080", 7, Optional.empty(), false),
                h("unix://" + own, 8, Optional.empty(), true)), next.all());
        assertEquals(description, next.describeForNewBaton(), "and on to the baton after");
    }

    @Test
    void aNewBatonReusesWhatItInherited() throws Exception {
        Path own = dir.resolve("own.sock");
        held.prepare(List.of(tcp("web", "127.0.0.1", 8080), unix("own", own)));
        ListenOnlyOs newOs = ListenOnlyOs.inheritingFrom(held);
        HeldListeners next = new HeldListeners(newOs);
        next.adoptFromOldBaton(held.describeForNewBaton());

        HeldListeners.Prepared p = next.prepare(List.of(unix("own", own), tcp("web", "127.0.0.1", 8080)));

        assertEquals(List.of(6, 5), p.fds());
        assertEquals(Set.of(), p.opened());
        assertEquals(List.of(), newOs.calls());
    }

    @Test
    void nothingToAdoptFromOldBaton() throws Exception {
        held.adoptFromOldBaton(null);
        held.adoptFromOldBaton("");
        assertEquals(List.of(), held.all());
        assertEquals("", held.describeForNewBaton());
    }

    /**
     * A unix socket path may contain '#' and ';' (ListenersReader accepts any absolute path):
     * BATON_LISTENERS must still hand every socket over at its own fd and address.
     */
    @Test
    void unixPathsWithSeparatorCharactersSurviveTheRoundTrip() throws Exception {
        Path hash = dir.resolve("app#1.sock");
        Path semi = dir.resolve("a;b.sock");
        held.prepare(List.of(unix("hash", hash), unix("semi", semi), tcp("web", "127.0.0.1", 8080)));

        HeldListeners next = new HeldListeners(ListenOnlyOs.inheritingFrom(held));
        next.adoptFromOldBaton(held.describeForNewBaton());

        assertEquals(List.of(
                h("unix://" + hash, 5, Optional.empty(), true),
                h("unix://" + semi, 6, Optional.empty(), true),
                h("tcp://127.0.0.1:8080", 7, Optional.empty(), false)), next.all());
    }

    /** A stale or wrong BATON_LISTENERS: fd 5 is something else (in a fresh JVM, its lib/modules). */
    @Test
    void aNewBatonRefusesAnInheritedFdThatIsNotTheListedSocket() throws Exception {
        held.prepare(List.of(tcp("web", "127.0.0.1", 8080)));
        HeldListeners next = new HeldListeners(new ListenOnlyOs());

        ListenException e = assertThrows(ListenException.class,
                () -> next.adoptFromOldBaton(held.describeForNewBaton()));

        assertEquals("inherited fd 5 should be the listening socket tcp://127.0.0.1:8080, but it is no listening "
                + "socket", e.getMessage());
        assertEquals(List.of(), next.all(), "nothing adopted");
    }

    @Test
    void aNewBatonRefusesAnInheritedSocketBoundElsewhere() throws Exception {
        HeldListeners other = new HeldListeners(os);
        other.prepare(List.of(tcp("web", "127.0.0.1", 9090), tcp("api", "127.0.0.1", 9091)));
        held.prepare(List.of(tcp("web", "127.0.0.1", 9090), tcp("api", "127.0.0.1", 8080)));
        HeldListeners next = new HeldListeners(ListenOnlyOs.inheritingFrom(other));

        ListenException e = assertThrows(ListenException.class,
                () -> next.adoptFromOldBaton(held.describeForNewBaton()));

        assertEquals("inherited fd 6 should be the listening socket tcp://127.0.0.1:8080, but it is the listening "
                + "socket tcp://127.0.0.1:9091", e.getMessage());
        assertEquals(List.of(), next.all(), "nothing adopted, not even fd 5");
    }

    @Test
    void preparedNoneIsEmpty() {
        assertEquals(List.of(), HeldListeners.Prepared.NONE.fds());
        held.abandon(HeldListeners.Prepared.NONE);
        assertEquals(List.of(), os.calls());
    }
}
