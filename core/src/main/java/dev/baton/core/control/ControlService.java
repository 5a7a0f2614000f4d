package dev.baton.core.control;

import dev.baton.core.os.linux.LineServer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a baton says on its control socket ({@link ControlProtocol}): only its own uid and root are
 * served; a client has {@value #REQUEST_DEADLINE_SECONDS} s to send its request; {@code STATUS} is
 * answered at once, {@code UPGRADE} once its flip has an outcome, {@code COMMIT} and {@code ROLLBACK}
 * once the loop has ended the probation (or found none). The socket's syscalls are
 * {@link LineServer}'s.
 *
 * <p>An answer is written by the connection's own thread, after the loop decided it. A baton that
 * exits right after deciding (the old baton of a re-exec flip answers {@code OK} and is gone once
 * its child is) first calls {@link #awaitAnswered}, or the client would see the connection close
 * without its answer.
 */
public final class ControlService implements LineServer.Session {
    static final int REQUEST_DEADLINE_SECONDS = 10;

    /** What the service asks of the baton it fronts. */
    public interface Target {
        /** The status, one JSON object. */
        String status();

        /** Starts a flip; {@code reply} hears of its outcome, once, from the supervisor loop. */
        void upgrade(UpgradeReply reply);

        /**
         * Reads the config as a flip would and answers with {@link ControlProtocol.WouldFlip} or
         * {@link ControlProtocol.Invalid} (or {@link ControlProtocol.Busy}); changes nothing. Called
         * on the connection's thread, which may wait for the loop.
         */
        /** The flip records, one JSON object: {@code {"service_started":…,"flips":[…]}}. */
        default String history() {
            return "{\"flips\":[]}";
        }

        default ControlProtocol dryRun() throws InterruptedException {
            return new ControlProtocol.Error("this baton has no dry run");
        }

        /** Ends the probation in progress ({@code commit}: by committing); {@code reply} hears, once, from the loop. */
        void endProbation(boolean commit, ProbationReply reply);
    }

    private final long pid;
    private final int allowedUid;
    private final Target target;
    private int unanswered; // requests read and not yet answered; guarded by this
    private volatile LineServer server;

    private ControlService(long pid, int allowedUid, Target target) {
        this.pid = pid;
        this.allowedUid = allowedUid;
        this.target = target;
    }

    /** Serves the listening control socket {@code fd} from now on. */
    public static ControlService start(int fd, long pid, int allowedUid, Target target) {
        ControlService service = new ControlService(pid, allowedUid, target);
        service.server = LineServer.start(fd, service);
        return service;
    }

    /**
     * This baton handed over (re-exec): it answers no more connections, so that every client
     * reaches the baton in charge, even while this one drains in the background for minutes.
     * Requests read already still get their answers.
     */
    public void stopAccepting() {
        server.stop();
    }

    /**
     * Waits until every request read so far has its answer written, or until {@code timeout}
     * passed; true if none is left. For a baton about to exit: its loop has answered (or failed)
     * every waiting request by then, so this waits for a few writes, not for flips.
     */
    public synchronized boolean awaitAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unanswered > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void requestRead() {
        unanswered++;
    }

    private synchronized void answerWritten() {
        unanswered--;
        notifyAll();
    }

    @Override
    public String busy(String why) {
        return new ControlProtocol.Busy(why).format();
    }

    @Override
    public void serve(LineServer.Connection c) throws InterruptedException {
        int peer = c.peerUid();
        if (peer != allowedUid && peer != 0) {
            c.send(new ControlProtocol.Denied("only uid " + allowedUid + " and root may control this baton").format());
            return;
        }
        c.send(new ControlProtocol.Banner(pid).format());
        String line = c.readLine(System.nanoTime() + REQUEST_DEADLINE_SECONDS * 1_000_000_000L);
        if (line == null) {
            return;
        }
        requestRead();
        try {
            c.send(answer(line.trim(), c).format());
        } catch (RuntimeException e) {
            c.send(new ControlProtocol.Error(e.toString()).format());
        } finally {
            answerWritten();
        }
    }

    private ControlProtocol answer(String line, LineServer.Connection c) throws InterruptedException {
        Optional<ControlProtocol> request = ControlProtocol.parse(line);
        if (request.isPresent() && request.get() instanceof ControlProtocol.StatusRequest) {
            return new ControlProtocol.Status(target.status());
        }
        if (request.isPresent() && request.get() instanceof ControlProtocol.UpgradeRequest u) {
            return upgrade(u.reexec(), u.progress() ? c : null);
        }
        if (request.isPresent() && request.get() instanceof ControlProtocol.HistoryRequest) {
            return new ControlProtocol.History(target.history());
        }
        if (request.isPresent() && request.get() instanceof ControlProtocol.DryRunRequest) {
            return target.dryRun();
        }
        if (request.isPresent() && (request.get() instanceof ControlProtocol.CommitRequest
                || request.get() instanceof ControlProtocol.RollbackRequest)) {
            return endProbation(request.get() instanceof ControlProtocol.CommitRequest);
        }
        return new ControlProtocol.Error("unknown request " + line);
    }

    private ControlProtocol endProbation(boolean commit) throws InterruptedException {
        CompletableFuture<ControlProtocol> answer = new CompletableFuture<>();
        target.endProbation(commit, new ProbationReply() {
            @Override
            public void ended(String what) {
                answer.complete(new ControlProtocol.ProbationEnded(what));
            }

            @Override
            public void none(String why) {
                answer.complete(new ControlProtocol.Failed(why));
            }
        });
        return await(answer);
    }

    private static ControlProtocol await(CompletableFuture<ControlProtocol> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return new ControlProtocol.Failed(String.valueOf(e.getCause()));
        }
    }

    /** @param follower the connection to send progress lines to, or null if the client did not ask for them */
    private ControlProtocol upgrade(boolean reexec, LineServer.Connection follower) throws InterruptedException {
        CompletableFuture<ControlProtocol> answer = new CompletableFuture<>();
        // the loop only queues progress lines (never blocking on a client); this thread sends them
        java.util.concurrent.BlockingQueue<String> progress = new java.util.concurrent.LinkedBlockingQueue<>(
                PROGRESS_LINES);
        target.upgrade(new UpgradeReply() {
            @Override
            public boolean reexec() {
                return reexec;
            }

            @Override
            public void progress(String line) {
                if (follower != null) {
                    progress.offer(line); // a full queue drops the line: the answer matters, not every phase
                }
            }

            @Override
            public void busy(String why) {
                answer.complete(new ControlProtocol.Busy(why));
            }

            @Override
            public void failed(String reason) {
                answer.complete(new ControlProtocol.Failed(reason));
            }

            @Override
            public void invalid(String reason) {
                answer.complete(new ControlProtocol.Invalid(reason));
            }

            @Override
            public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
                answer.complete(new ControlProtocol.Upgraded(generation, batonPid, childPid, oldBatonPid));
            }
        });
        while (follower != null && !answer.isDone()) {
            String line = progress.poll(PROGRESS_POLL_MS, TimeUnit.MILLISECONDS);
            if (line != null) {
                follower.send(new ControlProtocol.Progress(line).format());
            }
        }
        for (String line = progress.poll(); follower != null && line != null; line = progress.poll()) {
            follower.send(new ControlProtocol.Progress(line).format());
        }
        return await(answer);
    }

    private static final int PROGRESS_LINES = 256;
    private static final long PROGRESS_POLL_MS = 50;
}
