package dev.baton.core.os;

import java.util.OptionalInt;

/**
 * The uid/gid a child runs as. Empty fields mean "as baton". Resolved from names once, at
 * config validation.
 */
public record Identity(OptionalInt uid, OptionalInt gid) {
    public static final Identity INHERIT = new Identity(OptionalInt.empty(), OptionalInt.empty());

    public boolean inherits() {
        return uid.isEmpty() && gid.isEmpty();
    }
}
