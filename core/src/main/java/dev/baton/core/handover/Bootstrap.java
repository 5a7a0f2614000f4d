package dev.baton.core.handover;

import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.FdLayout;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;

import java.util.Map;
import java.util.Optional;

/**
 * The new baton's first steps, before its supervisor starts: it finds its handover channel to the
 * old baton, checks the protocol version and its generation, and adopts what it inherited (the
 * listeners, checked fd by fd). A step that fails is a {@link Refused}, already said to the old
 * baton as FAIL (the old one logs it and keeps serving); the new baton then exits.
 */
public final class Bootstrap {
    /** Why a new baton can't go on; what it told the old baton. */
    public static final class Refused extends Exception {
        /** What kind of refusal, for the exit code. */
        public enum Kind { PROTOCOL, CONFIG, RUNTIME }

        private final Kind kind;
        private final boolean told;

        Refused(Kind kind, String reason, boolean told) {
            super(reason, null, false, false);
            this.kind = kind;
            this.told = told;
        }

        public Kind kind() {
            return kind;
        }

        /** The old baton heard it (and logs it); if not, the new baton must say it itself. */
        public boolean toldOldBaton() {
            return told;
        }
    }

    private final LineChannel oldBaton;
    private final long generation;
    private final long oldBatonPid;
    private final int protocol;

    private Bootstrap(LineChannel oldBaton, long generation, long oldBatonPid, int protocol) {
        this.oldBaton = oldBaton;
        this.generation = generation;
        this.oldBatonPid = oldBatonPid;
        this.protocol = protocol;
    }

    /** The handover protocol version the old baton speaks: 3 with background drains, 2 with probation only, 1 with neither. */
    public int protocol() {
        return protocol;
    }

    /** An old baton started this one (BATON_PROTOCOL is set). */
    public static boolean isNewBaton(Map<String, String> processEnv) {
        return HandoverEnv.isNewBaton(processEnv);
    }

    /**
     * The handover of this baton, if an old baton started it ({@link HandoverEnv#isNewBaton}).
     *
     * @param version this baton's release, for the refusal of a protocol it doesn't speak
     */
    public static Optional<Bootstrap> open(Map<String, String> processEnv, Os os, String version) throws Refused {
        if (!HandoverEnv.isNewBaton(processEnv)) {
            return Optional.empty();
        }
        LineChannel channel = os.inheritedChannel(FdLayout.HANDOVER);
        String protocol = processEnv.get(HandoverEnv.PROTOCOL);
        int spoken = protocol == null ? 0 : switch (protocol) {
            case "1" -> Message.WITHOUT_PROBATION;
            case "2" -> Message.WITH_PROBATION;
            case "3" -> Message.PROTOCOL;
            default -> 0;
        };
        if (spoken == 0) {
            throw refuse(channel, Refused.Kind.PROTOCOL, "handover protocol version " + protocol
                    + " is not spoken by baton " + version + " (it speaks " + Message.WITHOUT_PROBATION + " to "
                    + Message.PROTOCOL + ")");
        }
        long generation = HandoverEnv.generation(processEnv).orElse(0);
        if (generation < 2) {
            throw refuse(channel, Refused.Kind.PROTOCOL, HandoverEnv.GENERATION + " is missing or invalid");
        }
        return Optional.of(new Bootstrap(channel, generation, os.parentPid(), spoken));
    }

    public long generation() {
        return generation;
    }

    /** The channel to the old baton, for the supervisor's {@link HandoverSetup}. */
    public LineChannel oldBaton() {
        return oldBaton;
    }

    /** The old baton's pid: this baton's parent at start. */
    public long oldBatonPid() {
        return oldBatonPid;
    }

    /** The control socket the old baton passed on, if it did. */
    public boolean inheritsControl(Map<String, String> processEnv) {
        return processEnv.containsKey(HandoverEnv.CONTROL_FD);
    }

    /** Adopts the listeners the old baton passed on, each checked to be what BATON_LISTENERS says. */
    public void adoptListeners(HeldListeners held, Map<String, String> processEnv) throws Refused {
        try {
            held.adoptFromOldBaton(processEnv.get(HandoverEnv.LISTENERS));
        } catch (ListenException e) {
            throw refuse(Refused.Kind.PROTOCOL, e.getMessage());
        }
    }

    /** Says why this baton can't go on to the old baton, and closes the channel. */
    public Refused refuse(Refused.Kind kind, String reason) {
        return refuse(oldBaton, kind, reason);
    }

    private static Refused refuse(LineChannel channel, Refused.Kind kind, String reason) {
        boolean told = channel.send(new Message.Fail(reason).format());
        channel.close();
        return new Refused(kind, reason, told);
    }
}
