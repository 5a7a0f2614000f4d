package dev.baton.core.handover;

import dev.baton.core.os.FdLayout;
import dev.baton.core.os.LineChannel;

import java.util.Optional;

/**
 * The supervisor's part in re-exec flips.
 *
 * @param relaunch how to start a new baton; empty if baton was not started through bin/baton
 * @param oldBaton the handover channel to the old baton, if this baton is a new one
 * @param version this release, sent in HELLO
 * @param controlFd the control socket, passed on to a new baton ({@link FdLayout#CONTROL}); -1 if none
 * @param oldBatonPid the old baton's pid, for a new baton (its parent at start); -1 otherwise
 * @param protocol the handover protocol version the old baton speaks, for a new baton (the
 *     shorter constructors: {@link Message#WITHOUT_PROBATION}, version 1's behaviour)
 * @param change whether the baton a re-exec would start differs from this one, for
 *     {@code upgrade.mode: auto} (the shorter constructors: {@link BatonChange#UNKNOWN}, a re-exec)
 * @param metricsFd the metrics listener ({@code metrics.listen}), passed on to a new baton after its
 *     listeners ({@link FdLayout#metricsForNewBaton}); -1 if none (the shorter constructors)
 */
public record HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version,
        int controlFd, long oldBatonPid, int protocol, BatonChange change, int metricsFd) {
    public static final HandoverSetup NONE = new HandoverSetup(Optional.empty(), Optional.empty(), "unknown", -1, -1);

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version,
            int controlFd, long oldBatonPid, int protocol, BatonChange change) {
        this(relaunch, oldBaton, version, controlFd, oldBatonPid, protocol, change, -1);
    }

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version,
            int controlFd, long oldBatonPid, int protocol) {
        this(relaunch, oldBaton, version, controlFd, oldBatonPid, protocol, BatonChange.UNKNOWN);
    }

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version,
            int controlFd, long oldBatonPid) {
        this(relaunch, oldBaton, version, controlFd, oldBatonPid, Message.WITHOUT_PROBATION);
    }

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version) {
        this(relaunch, oldBaton, version, -1, -1);
    }

    public HandoverSetup(Optional<Relaunch> relaunch, Optional<LineChannel> oldBaton, String version,
            int controlFd) {
        this(relaunch, oldBaton, version, controlFd, -1);
    }
}
