package dev.baton.core.supervisor;

import dev.baton.core.handover.Message;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.Os;
import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The new baton's side of a re-exec flip (README, "How a flip works"): its channel to the old
 * baton, inherited at start. It says HELLO once its config is read, READY once its child is
 * healthy (or FAIL), and then waits: ACK makes the handover final, end of file means the old baton
 * has exited and the flip has ended. Under protocol 2 the wait after READY is a probation (the old
 * baton says PROBATION and stays in charge): this baton's child serves, and if it fails this baton
 * says ROLLBACK, stops it and exits; a ROLLBACK from the old baton ({@code baton rollback}) does
 * the same. Under protocol 3 the old baton may say DRAINING after ACK: the flip ends there, the
 * old baton drains in the background and says what still drains whenever that changes, and this
 * baton's exit waits for the old baton's (so that what it says on reaches a baton after this
 * one). The loop gets a {@link Verdict} for what it must do about what the old baton said. Loop
 * thread only.
 */
final class FromOldBaton {
    /** What the loop must do after the old baton's news. */
    sealed interface Verdict {
        Verdict NONE = new None();

        record None() implements Verdict {
        }

        /** ACK (logged, and told the listener): the old baton accepted the handover; this baton is in charge. */
        record Acked() implements Verdict {
        }

        /** An upgrade signal reached the old baton after READY: a flip to queue. */
        record Upgrade() implements Verdict {
        }

        /** The old baton rolled the flip back ({@code baton rollback}): this baton stops its child and exits. */
        record RolledBack(String reason) implements Verdict {
        }

        /** The old baton was told to stop: so is this baton. */
        record Stop() implements Verdict {
        }

        /** The old baton is gone before the handover was final. */
        record Lost() implements Verdict {
        }

        /** The old baton has exited after ACK: the flip has ended. */
        record Gone() implements Verdict {
        }

        /** Protocol 3: the old baton drains in the background; the flip has ended at the takeover. */
        record Draining() implements Verdict {
        }

        /** Protocol 3: less drains in the old batons now (or the draining old baton has exited). */
        record Drained() implements Verdict {
        }
    }

    private static final long REPARENT_WAIT_NANOS = 1_000_000_000L;

    private final Os os;
    private final HeldListeners listeners;
    private final SupervisorListener listener;
    private final long oldBatonPid;
    private final boolean newBaton;
    private final int protocol;
    private LineChannel channel;
    private boolean readyTold;
    private boolean acked;
    /** Protocol 3: the old baton said DRAINING; what drains there and before it, as it last said. */
    private boolean draining;
    private java.util.List<String> drainingThere = java.util.List.of();

    /**
     * @param channel the handover channel, if this baton is the new baton of a flip
     * @param protocol the handover protocol version the old baton speaks
     */
    FromOldBaton(Os os, HeldListeners listeners, SupervisorListener listener, Optional<LineChannel> channel,
            long oldBatonPid, int protocol) {
        this.os = os;
        this.protocol = protocol;
        this.listeners = listeners;
        this.listener = listener;
        this.channel = channel.orElse(null);
        this.newBaton = channel.isPresent();
        this.oldBatonPid = oldBatonPid;
    }

    /** Starts reading the old baton and says HELLO: this baton read a valid config. */
    void start(long pid, String version, Duration timeout, Consumer<Event> post) {
        if (channel != null) {
            channel.start(line -> Message.parse(line).ifPresent(m -> post.accept(new Event.OldBatonMessage(m))),
                    () -> post.accept(new Event.OldBatonEof()));
            tell(new Message.Hello(pid, version, timeout.toMillis()));
        }
    }

    /** The flip that started this baton is still in progress: the old baton is there, and not draining in the background. */
    boolean inProgress() {
        return channel != null && !draining;
    }

    /** The old baton still runs (it may drain in the background): this baton's exit waits for it. */
    boolean oldBatonRuns() {
        return channel != null;
    }

    /** What drains in the background in the old batons (protocol 3), as the last one said; empty if none. */
    java.util.List<String> drainingThere() {
        return drainingThere;
    }

    /** This baton was started by an old one, and the old one never accepted the handover. */
    boolean neverTookOver() {
        return newBaton && !acked;
    }

    /** Under protocol 2, after READY and before ACK: this baton's child serves on probation. */
    boolean onProbation() {
        return channel != null && protocol >= Message.WITH_PROBATION && readyTold && !acked;
    }

    void tell(Message message) {
        if (channel != null) {
            readyTold |= message instanceof Message.Ready;
            channel.send(message.format());
        }
    }

    /** @param current this baton's generation, for the log */
    Verdict onMessage(Message message, Generation current) {
        if (channel == null) {
            return Verdict.NONE;
        }
        if (message instanceof Message.Ack) {
            acked = true;
            Lifecycle.info(current, "took over: the old baton accepted the handover and is stopping its child");
            listener.tookOver(current.number, current.pid());
            return new Verdict.Acked();
        } else if (message instanceof Message.Probation p && onProbation()) {
            Lifecycle.info(current, "on probation for " + Durations.format(Duration.ofMillis(p.millis()))
                    + "; the old baton stays in charge until it passes");
        } else if (message instanceof Message.Rollback r && onProbation()) {
            return new Verdict.RolledBack(r.reason());
        } else if (message instanceof Message.Draining d && acked) {
            return draining(d, current);
        } else if (message instanceof Message.Upgrade) {
            return new Verdict.Upgrade();
        } else if (message instanceof Message.Stop) {
            return new Verdict.Stop();
        }
        return Verdict.NONE;
    }

    private Verdict draining(Message.Draining d, Generation current) {
        int before = drainingThere.size();
        drainingThere = d.generations();
        if (!draining) {
            draining = true;
            Lifecycle.info(current, "flip ended at the takeover: the old baton pid " + oldBatonPid
                    + " drains in the background (" + String.join("; ", drainingThere) + ")");
            return new Verdict.Draining();
        }
        return drainingThere.size() < before ? new Verdict.Drained() : Verdict.NONE;
    }

    /**
     * The old baton closed the handover: it has exited. Before ACK that is a loss (logged); after
     * it, the flip has ended: the sockets that only the old generation used are closed, and this
     * baton waits until it is no longer the old baton's child, then tells the listener.
     */
    Verdict onEof(Generation current) {
        if (channel == null) {
            return Verdict.NONE;
        }
        channel.close();
        channel = null;
        if (!acked) {
            return new Verdict.Lost();
        }
        HeldListeners.removeFiles(listeners.retainOnly(current.config.listeners()));
        awaitReparenting();
        listener.oldBatonGone(os.guardPid());
        if (draining) {
            drainingThere = java.util.List.of();
            Lifecycle.info(current.number, "the old baton pid " + oldBatonPid + " has drained and exited");
            return new Verdict.Drained();
        }
        Lifecycle.info(current.number, "flip ended: the old baton has exited");
        return new Verdict.Gone();
    }

    /** The event is the old baton's: what it means ({@link Event.OldBatonMessage}, {@link Event.OldBatonEof}). */
    Verdict on(Event event, Generation current) {
        if (event instanceof Event.OldBatonMessage m) {
            return onMessage(m.message(), current);
        }
        return onEof(current);
    }

    /**
     * The old baton closes its end of the handover before the kernel re-parents its children, so
     * at end of file this baton may still be its child for a moment: wait (at most 1 s) until it is
     * not, so whoever adopts it (systemd) sees it as its own child.
     */
    private void awaitReparenting() {
        long deadline = System.nanoTime() + REPARENT_WAIT_NANOS;
        while (oldBatonPid > 0 && os.parentPid() == oldBatonPid && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
