package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's ansible-playbook and ansible-lint, run on the example in examples/ansible with a deadline:
 * a run past it is killed and fails the test. Output goes to a file per run (kept for a failure's message).
 */
final class Ansible {
    record Run(int exitCode, String output) {
    }

    private final Path project;
    private final Path work;
    private final Path inventory;
    private int runs;

    /** @param inventory an inventory of group {@code baton} */
    Ansible(Path work, Path inventory) {
        this.project = ListenersIT.examples().resolve("ansible");
        this.work = work;
        this.inventory = inventory;
        for (String tool : List.of("ansible-playbook", "ansible-lint")) {
            if (!onPath(tool)) {
                fail("no " + tool + " on PATH: install Debian's ansible and ansible-lint packages (./test.sh does)");
            }
        }
    }

    /** ansible-playbook PLAYBOOK -i INVENTORY -e K=V ... [extra args], from examples/ansible. */
    Run playbook(String playbook, List<String> vars, Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(), playbook));
        for (String v : vars) {
            command.add("-e");
            command.add(v);
        }
        command.addAll(List.of(args));
        return run(command, limit);
    }

    /** ansible-lint in examples/ansible: the role and the playbooks, with the production profile, offline. */
    Run lint(Duration limit) {
        return run(List.of("ansible-lint", "--offline", "--nocolor", "-p"), limit);
    }

    private Run run(List<String> command, Duration limit) {
        Path log = work.resolve("ansible-" + (++runs) + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ANSIBLE_CONFIG", project.resolve("ansible.cfg").toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("ANSIBLE_LOCAL_TEMP", work.resolve("ansible-tmp").toString());
        pb.environment().put("ANSIBLE_RETRY_FILES_ENABLED", "false");
        try {
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " still running after " + limit.toSeconds() + " s:\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
