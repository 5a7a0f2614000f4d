package dev.baton.launcher;

import dev.baton.core.control.StatusBoard;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.os.linux.ControlServer;
import dev.baton.core.supervisor.Supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Answers control requests: STATUS at once, UPGRADE once its flip has an outcome. */
final class ControlHandler implements ControlServer.Handler {
    private final Supervisor supervisor;
    private final StatusBoard status;

    ControlHandler(Supervisor supervisor, StatusBoard status) {
        this.supervisor = supervisor;
        this.status = status;
    }

    @Override
    public String handle(String request) throws InterruptedException {
        switch (request) {
            case "STATUS":
                return "STATUS " + status.toJson();
            case "UPGRADE":
                CompletableFuture<String> answer = new CompletableFuture<>();
                supervisor.requestUpgrade(new UpgradeReply() {
                    @Override
                    public void busy(String why) {
                        answer.complete("BUSY " + why);
                    }

                    @Override
                    public void failed(String reason) {
                        answer.complete("FAIL " + reason.replace('\n', ' '));
                    }

                    @Override
                    public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
                        answer.complete("OK generation=" + generation + " baton_pid=" + batonPid + " child_pid="
                                + childPid + " old_baton_pid=" + oldBatonPid);
                    }
                });
                try {
                    return answer.get();
                } catch (ExecutionException e) {
                    return "FAIL " + e.getCause();
                }
            default:
                return "ERROR unknown request " + request;
        }
    }
}
