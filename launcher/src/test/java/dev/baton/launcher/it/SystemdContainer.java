package dev.baton.launcher.it;

import com.github.dockerjava.api.model.Capability;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Debian container with systemd as PID 1 (images from scripts/it-images.sh), with baton
 * installed from the release tarball the way a user would: /opt/baton/releases/VERSION, a
 * {@code current} symlink, and /usr/local/bin/baton.
 */
final class SystemdContainer implements AutoCloseable {
    final GenericContainer<?> container;

    record Result(int exitCode, String out, String err) {
        String both() {
            return out + err;
        }
    }

    SystemdContainer(String suite) {
        this(suite, true);
    }

    /** @param tarball install baton from the release tarball (else the test installs it, e.g. from the .deb) */
    @SuppressWarnings("resource")
    SystemdContainer(String suite, boolean tarball) {
        try {
            DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            fail("no Docker daemon: the systemd tests need one (./test.sh installs docker.io and starts dockerd): " + e);
        }
        String image = "baton-it/" + suite + ":latest";
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (RuntimeException e) {
            fail("no image " + image + ": run scripts/it-images.sh (./test.sh does)");
        }
        container = new GenericContainer<>(DockerImageName.parse(image))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withCapAdd(Capability.SYS_ADMIN)
                        .withSecurityOpts(List.of("seccomp=unconfined"))
                        .withCgroupnsMode("private"))
                .withTmpFs(Map.of("/run", "rw", "/run/lock", "rw"))
                .withCommand("/lib/systemd/systemd")
                .waitingFor(Wait.forSuccessfulCommand("systemctl is-system-running | grep -qE 'running|degraded'")
                        .withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        if (tarball) {
            installBaton();
        } else {
            installApps();
        }
    }

    void copy(Path hostFile, String containerPath) {
        if (!Files.exists(hostFile)) {
            fail("no file " + hostFile + ": run the tests with `mvn verify`");
        }
        container.copyFileToContainer(MountableFile.forHostPath(hostFile), containerPath);
    }

    private void installBaton() {
        Path tarball = Path.of(System.getProperty("baton.tarball", "target/baton-0.1.0.tar.gz"));
        if (!Files.exists(tarball)) {
            fail("no release tarball at " + tarball + ": run the tests with `mvn verify`");
        }
        container.copyFileToContainer(MountableFile.forHostPath(tarball), "/root/baton.tar.gz");
        sh("mkdir -p /opt/baton/releases && tar -C /opt/baton/releases -xzf /root/baton.tar.gz"
                + " && ln -sfn releases/$(ls /opt/baton/releases | head -1) /opt/baton/current"
                + " && ln -sf /opt/baton/current/bin/baton /usr/local/bin/baton && mkdir -p /etc/baton /srv/app");
        installApps();
    }

    private void installApps() {
        sh("mkdir -p /etc/baton /srv/app");
        Path apps = ItBase.testapp().getParent();
        for (String app : List.of("testapp.py")) {
            container.copyFileToContainer(MountableFile.forHostPath(apps.resolve(app)), "/srv/app/" + app);
        }
        container.copyFileToContainer(MountableFile.forHostPath(ListenersIT.examples().resolve("listeners/python/app.py")),
                "/srv/app/app.py");
        container.copyFileToContainer(MountableFile.forHostPath(apps.resolve("load.py")), "/srv/app/load.py");
    }

    /** Runs a shell command in the container; fails the test if it exits non-zero. */
    String sh(String command) {
        Result r = run(command);
        if (r.exitCode() != 0) {
            fail("in the container, `" + command + "` exited " + r.exitCode() + ":\n" + r.both());
        }
        return r.out().trim();
    }

    Result run(String command) {
        try {
            Container.ExecResult r = container.execInContainer("sh", "-c", command);
            return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void write(String path, String content) {
        container.copyFileToContainer(Transferable.of(content), path);
    }

    String show(String unit, String property) {
        return sh("systemctl show -p " + property + " --value " + unit);
    }

    long mainPid(String unit) {
        return Long.parseLong(show(unit, "MainPID"));
    }

    /** The pid the app answers with on 127.0.0.1:PORT/ inside the container ("hello from pid N ..."). */
    long appPid(int port) {
        String body = sh("curl -fsS --max-time 5 http://127.0.0.1:" + port + "/");
        return Long.parseLong(body.replaceAll(".*pid (\\d+).*", "$1"));
    }

    /** The unit's journal, for failure messages. */
    String journal(String unit) {
        return run("journalctl -u " + unit + " --no-pager -n 60").out();
    }

    @Override
    public void close() {
        container.stop();
    }
}
