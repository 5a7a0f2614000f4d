package dev.baton.core.os;

/** How a child process ended. Outcomes are types, never magic numbers. */
public sealed interface ChildExit {

    /** One line for logs, e.g. "exited with code 3" or "killed by SIGKILL". */
    String describe();

    /** The child called exit(code). */
    record Exited(int code) implements ChildExit {
        @Override
        public String describe() {
            return "exited with code " + code;
        }
    }

    /** The child was ended by a signal. */
    record Signaled(int signal, boolean coreDumped) implements ChildExit {
        @Override
        public String describe() {
            return "killed by " + Signal.describe(signal) + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** The child never ran: posix_spawn returned this errno. */
    record SpawnFailed(int errno, String reason) implements ChildExit {
        @Override
        public String describe() {
            return "could not be started: " + reason;
        }
    }

    /** Decodes a raw waitpid status word. */
    static ChildExit fromWaitStatus(int status) {
        int termsig = status & 0x7f;
        if (termsig == 0) {
            return new Exited((status >> 8) & 0xff);
        }
        return new Signaled(termsig, (status & 0x80) != 0);
    }
}
