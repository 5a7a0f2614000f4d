package dev.baton.core.config;

import dev.baton.core.os.Identity;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** user and group, resolved through the test host's tables. */
class ConfigLoaderIdentityTest extends ConfigTestSupport {

    @Test
    void userAndGroupAreResolvedWhenRoot() throws Exception {
        BatonConfig c = load("command: ./app\nuser: app\ngroup: app\n");
        assertEquals(Identity.user(1000, 1000, true), c.identity());
        assertEquals(Optional.of("app"), c.user());
        assertEquals(Optional.of("app"), c.group());
    }

    @Test
    void numericUser() throws Exception {
        assertEquals(Identity.user(1000, 1000, true), load("command: ./app\nuser: 1000\n").identity());
    }

    @Test
    void aUserWithoutGroupRunsInItsPrimaryGroupWithItsSupplementaryGroups() throws Exception {
        assertEquals(Identity.user(1001, 33, true), load("command: ./app\nuser: web\n").identity());
        assertEquals(Identity.user(1001, 1000, true), load("command: ./app\nuser: \"1001\"\ngroup: app\n").identity());
    }

    /** setpriv's --init-groups fails without a passwd entry: a bare uid gets its own number as gid and no groups. */
    @Test
    void aBareUidWithoutAPasswdEntryGetsNoSupplementaryGroups() throws Exception {
        assertEquals(Identity.user(12345, 12345, false), load("command: ./app\nuser: \"12345\"\n").identity());
        assertEquals(Identity.user(12345, 1000, false), load("command: ./app\nuser: 12345\ngroup: app\n").identity());
        assertEquals(Identity.user(12345, 777, false), load("command: ./app\nuser: 12345\ngroup: 777\n").identity());
    }

    @Test
    void aGroupAloneClearsTheSupplementaryGroups() throws Exception {
        assertEquals(Identity.group(1000), load("command: ./app\ngroup: app\n").identity());
    }

    @Test
    void noUserNoGroupInheritsBatons() throws Exception {
        assertEquals(Identity.INHERIT, load("command: ./app\n").identity());
    }

    @Test
    void aUidOutOfRange() {
        assertEquals(at(2, "user: \"99999999999\" is out of range for a uid (0 to 2147483647); expected an existing "
                + "user name or a uid"), error("command: ./app\nuser: \"99999999999\"\n"));
        assertEquals(at(2, "user: \"2147483648\" is out of range for a uid (0 to 2147483647); expected an existing "
                + "user name or a uid"), error("command: ./app\nuser: 2147483648\n"));
        assertEquals(at(2, "user: \"" + "9".repeat(5000) + "\" is out of range for a uid (0 to 2147483647); expected "
                + "an existing user name or a uid"), error("command: ./app\nuser: " + "9".repeat(5000) + "\n"));
    }

    @Test
    void theLargestUid() throws Exception {
        assertEquals(Identity.user(Integer.MAX_VALUE, Integer.MAX_VALUE, false),
                load("command: ./app\nuser: 2147483647\n").identity());
    }

    @Test
    void aGidOutOfRange() {
        assertEquals(at(3, "group: \"99999999999\" is out of range for a gid (0 to 2147483647); expected an existing "
                + "group name or a gid"), error("command: ./app\nuser: app\ngroup: \"99999999999\"\n"));
    }

    /** Only ASCII digits make a number; other Unicode digits are a name (Integer.parseInt would take them). */
    @Test
    void nonAsciiDigitsAreAName() {
        assertEquals(at(2, "user: no user named \"\u0661\u0662\"; expected an existing user name or a uid"),
                error("command: ./app\nuser: \"\u0661\u0662\"\n"));
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

    /** Nothing to switch: the child runs as baton does (setpriv could not set groups without root). */
    @Test
    void ownUserIsFineWithoutRoot() throws Exception {
        system.effectiveUid = 1000;
        assertEquals(Identity.INHERIT, load("command: ./app\nuser: app\n").identity());
        assertEquals(Identity.INHERIT, load("command: ./app\nuser: \"1000\"\n").identity());
    }
}
