package dev.baton.core.os;

import java.util.OptionalInt;

/**
 * The uid/gid a child runs as. Empty fields mean "as baton". Resolved from names once, at
 * config validation, including which supplementary groups the child gets, so spawning a child
 * looks nothing up.
 *
 * @param uid the uid to switch to
 * @param gid the gid to switch to; always present with a uid
 * @param userGroups with a uid: true to give the child the user's supplementary groups (the
 *     uid has a passwd entry), false for none (a bare uid); without a uid always false: a
 *     group alone clears the supplementary groups
 */
public record Identity(OptionalInt uid, OptionalInt gid, boolean userGroups) {
    public static final Identity INHERIT = new Identity(OptionalInt.empty(), OptionalInt.empty(), false);

    public Identity {
        if (uid.isPresent() && gid.isEmpty()) {
            throw new IllegalArgumentException("a uid needs its gid resolved");
        }
        if (uid.isEmpty() && userGroups) {
            throw new IllegalArgumentException("supplementary groups of a user need a uid");
        }
    }

    /** A user: with {@code userGroups}, the groups its passwd entry lists; without, none. */
    public static Identity user(int uid, int gid, boolean userGroups) {
        return new Identity(OptionalInt.of(uid), OptionalInt.of(gid), userGroups);
    }

    /** Only a group: baton's uid, that gid, no supplementary groups. */
    public static Identity group(int gid) {
        return new Identity(OptionalInt.empty(), OptionalInt.of(gid), false);
    }

    public boolean inherits() {
        return uid.isEmpty() && gid.isEmpty();
    }
}
