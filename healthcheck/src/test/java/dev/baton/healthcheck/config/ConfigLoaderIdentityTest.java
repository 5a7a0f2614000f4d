package dev.baton.healthcheck.config;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.Identity;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** user and group, resolved through the test host's tables. */
class ConfigLoaderIdentityTest extends ConfigTestSupport {

    @Test
    void userAndGroupAreResolvedWhenRoot() throws Exception {
        BatonConfig c = load("command: ./app\nuser: app\ngroup: app\n");
        assertEquals(new Identity(OptionalInt.of(1000), OptionalInt.of(1000)), c.identity());
        assertEquals(Optional.of("app"), c.user());
        assertEquals(Optional.of("app"), c.group());
    }

    @Test
    void numericUser() throws Exception {
        assertEquals(OptionalInt.of(1000), load("command: ./app\nuser: 1000\n").identity().uid());
    }

    @Test
    void unknownUser() {
        assertEquals(at(2, "user: no user named \"nobody\"; expected an existing user name or a uid"),
                error("command: ./app\nuser: nobody\n"));
    }

    @Test
    void unknownGroup() {
        assertEquals(at(3, "group: no group named \"staff\"; expected an existing group name or a gid"),
                error("command: ./app\nuser: app\ngroup: staff\n"));
    }

    @Test
    void switchingUserNeedsRoot() {
        system.effectiveUid = 1000;
        assertEquals(at(2, "user: switching the child's identity needs baton to run as root (it runs as uid 1000); "
                + "expected no `user` key, or baton started as root"), error("command: ./app\nuser: root\n"));
    }

    @Test
    void switchingGroupNeedsRoot() {
        system.effectiveUid = 1000;
        assertEquals(at(3, "group: switching the child's identity needs baton to run as root (it runs as uid 1000); "
                + "expected no `group` key, or baton started as root"), error("command: ./app\nuser: app\ngroup: root\n"));
    }

    @Test
    void ownUserIsFineWithoutRoot() throws Exception {
        system.effectiveUid = 1000;
        assertEquals(OptionalInt.of(1000), load("command: ./app\nuser: app\n").identity().uid());
    }
}
