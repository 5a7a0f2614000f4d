package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A second local user, for the tests of issue 12: processes run as a uid with no passwd entry
 * (through {@code setpriv}), so no account is made on the machine. Needs root, which runs baton
 * in the attacks it reproduces; without it the tests fail with this message instead of skipping.
 */
final class Attacker implements AutoCloseable {
    /** Debian's python3: one on PATH may live in root's home (pyenv), out of other users' reach. */
    static final String PYTHON = "/usr/bin/python3";

    private final int uid;
    private final Map<String, String> env;
    private final Path apps;
    /** The attacker's own directory, for its ready files and logs. */
    private final Path work;
    private final List<Process> started = new ArrayList<>();

    /** @param apps where copies of the test scripts are, readable by every uid */
    Attacker(int uid, Map<String, String> env, Path apps) {
        requireRoot();
        this.uid = uid;
        this.env = env;
        this.apps = apps;
        this.work = directory(apps.getParent(), "uid-" + uid, uid, "700");
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test plays a local attacker against a root baton: it needs root (run ./test.sh as root)");
        }
    }

    int uid() {
        return uid;
    }

    /** {@code setpriv} options that make a command run as this uid, with no groups. */
    List<String> as(String... command) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** Runs a command as this uid to its end (at most 20 s); its exit code. */
    int run(String... command) {
        try {
            Process p = start(as(command), null);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("attacker command did not end: " + List.of(command));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts {@code swapper.py} as this uid: each name matching {@code regex} that appears in
     * {@code watched} is replaced at once by a symlink to {@code target} ({@code regex} null: the
     * {@code extra} arguments say what, e.g. {@code --spin NAME}). Returns once it is watching.
     */
    void swap(Path watched, String regex, Path target, String... extra) {
        Path ready = work.resolve("swapper-" + System.nanoTime() + ".ready");
        Path log = work.resolve("swapper-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(PYTHON, apps.resolve("swapper.py").toString(), "--dir",
                watched.toString(), "--target", target.toString(), "--ready", ready.toString()));
        if (regex != null) {
            cmd.addAll(List.of("--match", regex));
        }
        cmd.addAll(List.of(extra));
        Process p = start(as(cmd.toArray(String[]::new)), log);
        Await.until("the attacker's inotify watches", Duration.ofSeconds(10), () -> Files.exists(ready) || !p.isAlive(),
                () -> "\n" + read(log));
        if (!p.isAlive()) {
            fail("the attacker's swapper exited: " + read(log));
        }
    }

    private Process start(List<String> cmd, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        }
    }

    /** Copies of the test scripts in {@code dir}, readable by every uid (the checkout may be private). */
    static Path copyApps(Path dir) {
        try {
            Path from = Path.of(System.getProperty("baton.testapps", "src/test/apps")).toAbsolutePath();
            Path to = directory(dir, "apps", 0, "755");
            for (String name : List.of("swapper.py", "testapp.py")) {
                Files.copy(from.resolve(name), to.resolve(name));
                Files.setPosixFilePermissions(to.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
            }
            return to;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A directory owned by {@code owner}, with {@code mode} in octal (the sticky bit included). */
    static Path directory(Path parent, String name, int owner, String mode) {
        try {
            Path d = Files.createDirectories(parent.resolve(name));
            Files.setAttribute(d, "unix:uid", owner);
            Process chmod = new ProcessBuilder("chmod", mode, d.toString()).inheritIO().start();
            if (chmod.waitFor() != 0) {
                fail("chmod " + mode + " " + d + " failed");
            }
            return d;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A root-owned file with {@code mode}: what the attacker wants baton to hand over or overwrite. */
    static Path rootFile(Path parent, String name, String mode) {
        try {
            Path f = parent.resolve(name);
            Files.writeString(f, "precious\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            return f;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String describe(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid") + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                    + " " + Files.readString(p).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
