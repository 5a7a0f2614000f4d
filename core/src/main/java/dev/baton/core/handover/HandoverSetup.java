package dev.baton.core.handover;

import dev.baton.core.os.LineChannel;

import java.util.Optional;

/**
 * The supervisor's part in re-exec flips.
 *
 * @param relaunch how to start a new baton; empty if baton was not started through bin/baton
 * @param predecessor the handover channel to the old baton, if this baton is a new one
 * @param version this release, sent in HELLO
 * @param controlFd the control socket, passed to a new baton at fd 4; -1 if none
 * @param predecessorPid the old baton's pid, for a new baton (its parent at start); -1 otherwise
 */
public record HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> predecessor, String version,
        int controlFd, long predecessorPid) {
    public static final HandoverSetup NONE = new HandoverSetup(Optional.empty(), Optional.empty(), "unknown", -1, -1);

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> predecessor, String version) {
        this(relaunch, predecessor, version, -1, -1);
    }

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> predecessor, String version,
            int controlFd) {
        this(relaunch, predecessor, version, controlFd, -1);
    }
}
