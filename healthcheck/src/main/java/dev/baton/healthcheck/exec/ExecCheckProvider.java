package dev.baton.healthcheck.exec;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import dev.baton.core.spi.ProbeResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code exec: {command: [./check.sh]}}: healthy when the command exits 0. It runs in its own
 * process group with the child's environment plus {@code BATON_CHILD_PID} and
 * {@code BATON_GENERATION}, and is killed with its group after {@code timeout}.
 */
public final class ExecCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        Command command = settings.command("command").orElseThrow(() -> settings.error("command",
                "`command` is missing", "the probe to run, e.g. command: [curl, -fsS, \"http://127.0.0.1:8080/\"]"));
        return new Spec(command);
    }

    record Spec(Command command) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "exec";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", command.argv());
            return m;
        }

        @Override
        public Probe newProbe() {
            return (context, timeout) -> {
                ProbeResult r = context.runProbe(command, timeout);
                if (r instanceof ProbeResult.Finished f) {
                    if (f instanceof ProbeResult.Exited e && e.code() == 0) {
                        return Attempt.PASS;
                    }
                    return Attempt.fail(command.argv().get(0) + " " + f.describe());
                }
                if (r instanceof ProbeResult.TimedOut) {
                    return Attempt.fail(command.argv().get(0) + " still running after " + timeout.toMillis()
                            + "ms; killed");
                }
                return Attempt.fail(((ProbeResult.NotStarted) r).reason());
            };
        }
    }
}
