package dev.baton.core.spi;

/** The end of a probe command ({@link CheckContext#runProbe}). Part of the health-check SPI, version 1. */
public sealed interface ProbeResult {

    /** The command ran to its end, by itself or by a signal. */
    sealed interface Finished extends ProbeResult {
        /** One line for logs, e.g. "exited with code 3" or "killed by SIGKILL". */
        String describe();
    }

    /** The command called exit(code). */
    record Exited(int code) implements Finished {
        @Override
        public String describe() {
            return "exited with code " + code;
        }
    }

    /** The command was ended by a signal, e.g. {@code signal} 9, {@code signalName} "SIGKILL". */
    record Killed(int signal, String signalName, boolean coreDumped) implements Finished {
        @Override
        public String describe() {
            return "killed by " + signalName + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** Still running after the timeout: it has been killed, with its process group. */
    record TimedOut() implements ProbeResult {
    }

    /** The command could not be started; {@code reason} is one line. */
    record NotStarted(String reason) implements ProbeResult {
    }
}
