package dev.baton.core.supervisor;

import dev.baton.core.control.UpgradeReply;

import java.util.function.BooleanSupplier;

/**
 * Requests for a flip: the upgrade signal, and {@code baton upgrade}. One flip runs at a time, so a
 * signal that comes while one runs (or before the first child is ready) is queued, and any number
 * of them coalesce into one flip; a {@code baton upgrade} then is answered busy at once, else it
 * waits for its flip and hears how it ended, once, whichever way it ends. Loop thread only.
 */
final class FlipRequests {
    private boolean queued;
    private UpgradeReply reply;

    /** An upgrade signal while no flip may start: one flip for after (logged the first time). */
    void queue(long generation, boolean ready) {
        if (!queued) {
            queued = true;
            Lifecycle.info(generation, "upgrade queued until the " + (ready ? "flip in progress ends"
                    : "first child is ready"));
        }
    }

    /** True, once, if a flip was queued: it is to start now. */
    boolean takeQueued() {
        boolean q = queued;
        queued = false;
        return q;
    }

    /**
     * A {@code baton upgrade}: answered {@code busy} at once if that is not null; else it waits
     * for the flip that {@code start} begins, and hears at once if none began.
     */
    void request(UpgradeReply r, String busy, Runnable start, BooleanSupplier began) {
        if (busy != null) {
            r.busy(busy);
            return;
        }
        reply = r;
        start.run();
        if (!began.getAsBoolean() && reply == r) {
            reply = null;
            r.failed("the flip did not start (see baton's log)");
        }
    }

    /** One phase of the flip in progress, for a {@code baton upgrade} that follows it. */
    void progress(String line) {
        if (reply != null) {
            reply.progress(line);
        }
    }

    /** In place: the flip ended; {@code failure} is null if {@code generation} took over. */
    void ended(String failure, boolean invalidConfig, long generation, long batonPid, long childPid) {
        UpgradeReply r = take();
        if (r != null) {
            if (failure == null) {
                r.succeeded(generation, batonPid, childPid, 0); // in place: no old baton
            } else if (invalidConfig) {
                r.invalid(failure);
            } else {
                r.failed(failure);
            }
        }
    }

    /** Re-exec: the new baton took over; {@code oldBatonPid} (this one) exits once its child is gone. */
    void handedOver(long generation, long newBatonPid, long childPid, long oldBatonPid) {
        UpgradeReply r = take();
        if (r != null) {
            r.succeeded(generation, newBatonPid, childPid, oldBatonPid);
        }
    }

    /** baton stops: no flip is queued any more, and a waiting request fails. */
    void stopping() {
        queued = false;
        UpgradeReply r = take();
        if (r != null) {
            r.failed("baton is stopping");
        }
    }

    private UpgradeReply take() {
        UpgradeReply r = reply;
        reply = null;
        return r;
    }
}
