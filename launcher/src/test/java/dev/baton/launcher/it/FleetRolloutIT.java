package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Ansible example (examples/ansible) rolls releases across a fleet: three Debian 12 containers
 * with systemd, each running baton@demo from baton's .deb, behind a real nginx on loopback, with
 * paced load through nginx for the whole run. Ansible is Debian's, over the docker connection.
 * A good release reaches every host with no failed request; a bad one stops at the first host,
 * which keeps serving the release it had, and leaves the others untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRolloutIT {
    static final List<String> NAMES = List.of("h1", "h2", "h3");
    static final String CONFIG = "/etc/baton/demo.yaml";

    final List<SystemdContainer> hosts = new ArrayList<>();
    Path dir;
    Ansible ansible;
    FleetNginx nginx;
    Load load;
    long started;

    @BeforeAll
    void fleet() throws IOException {
        started = System.nanoTime();
        dir = Files.createTempDirectory("baton-fleet");
        for (String[] r : new String[][] {{"1.0", "good"}, {"2.0", "good"}, {"3.0", "hangs"}}) {
            release(r[0], r[1].equals("good"));
        }
        boot();
        StringBuilder inventory = new StringBuilder("[baton]\n");
        for (int i = 0; i < hosts.size(); i++) {
            inventory.append(NAMES.get(i)).append(" ansible_host=").append(hosts.get(i).container.getContainerId()).append('\n');
        }
        inventory.append("[baton:vars]\nansible_connection=community.docker.docker\nansible_python_interpreter=/usr/bin/python3\n");
        Path inventoryFile = Files.writeString(dir.resolve("inventory"), inventory);
        ansible = new Ansible(dir, inventoryFile);
        Ansible.Run site = ansible.playbook("site.yml", vars("1.0", "report-site"), Duration.ofSeconds(150));
        assertEquals(0, site.exitCode(), "site.yml installs baton and starts release 1.0 everywhere:\n" + site.output());
        List<String> upstreams = new ArrayList<>();
        for (SystemdContainer h : hosts) {
            upstreams.add(h.container.getContainerInfo().getNetworkSettings().getIpAddress() + ":8080");
        }
        nginx = new FleetNginx(dir, upstreams);
        load = new Load(Load.tcp(nginx.port), 1, Duration.ofSeconds(200));
        Await.until("requests through nginx", Duration.ofSeconds(10), () -> load.total() > 20, () -> load.report());
        System.out.println("fleet up in " + seconds() + " s");
    }

    /** A release directory on the controller: the demo app, or one that hangs at start-up (never healthy). */
    private void release(String name, boolean good) throws IOException {
        Path r = Files.createDirectories(dir.resolve("releases").resolve(name));
        Files.writeString(r.resolve("RELEASE"), name + "\n");
        if (good) {
            Files.copy(ListenersIT.examples().resolve("ansible/app/app.py"), r.resolve("app.py"));
        } else {
            // waits for a dependency that never comes: it neither serves nor passes its check
            Files.writeString(r.resolve("app.py"), "import time\ntime.sleep(3600)\n");
        }
    }

    /** The three hosts, booted side by side. */
    private void boot() {
        ExecutorService pool = Executors.newFixedThreadPool(NAMES.size());
        try {
            List<Future<SystemdContainer>> booting = new ArrayList<>();
            for (int i = 0; i < NAMES.size(); i++) {
                booting.add(pool.submit(() -> new SystemdContainer("bookworm", false)));
            }
            AssertionError failure = null;
            for (Future<SystemdContainer> f : booting) {
                try {
                    hosts.add(f.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    failure = new AssertionError("a host did not boot: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    void shutdown() {
        if (load != null) {
            load.close();
            System.out.println("load through nginx, whole run: " + load.report());
        }
        if (nginx != null) {
            nginx.close();
        }
        hosts.forEach(SystemdContainer::close);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.out.println("cannot remove " + dir + ": " + e);
            }
        }
        System.out.println("FleetRolloutIT: " + seconds() + " s");
    }

    private List<String> vars(String release, String report) {
        return List.of("baton_deb=" + Path.of(System.getProperty("baton.deb", "target/baton_0.1.0_all.deb")).toAbsolutePath(),
                "baton_release=" + release, "baton_release_src=" + dir.resolve("releases").resolve(release),
                "baton_report_dir=" + reportDir(report));
    }

    private Path reportDir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long seconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }

    /** One host's report, as the role wrote it (HOST.json: baton status --json, current, the child's release). */
    record Report(long generation, long childPid, String state, String current, String childDir) {
        static Report read(Path dir, String host) {
            String json;
            try {
                json = Files.readString(dir.resolve(host + ".json"));
            } catch (IOException e) {
                throw new AssertionError("no report from " + host + ": " + e.getMessage());
            }
            return new Report(Long.parseLong(field(json, "generation")), Long.parseLong(field(json, "child_pid")),
                    field(json, "state"), field(json, "current"), field(json, "child_dir"));
        }

        private static String field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\": \"?([^\",\\n]*)\"?").matcher(json);
            if (!m.find()) {
                fail("no " + name + " in the report:\n" + json);
            }
            return m.group(1);
        }
    }

    /** What every host reports, collected by Ansible (status.yml). */
    private List<Report> collect(String name) {
        Path out = reportDir(name);
        Ansible.Run status = ansible.playbook("status.yml", List.of("baton_report_dir=" + out), Duration.ofSeconds(60));
        assertEquals(0, status.exitCode(), status.output());
        return NAMES.stream().map(h -> Report.read(out, h)).toList();
    }

    private void noFailedRequest(long before) {
        assertTrue(load.total() > before + 50, "load went on through the rollout: " + load.report());
        assertEquals(0, load.failed(), "no failed request through nginx: " + load.report() + nginx.errorLog());
    }

    @Test
    @Order(1)
    void theRoleAndPlaybooksPassAnsibleLintAndTheSyntaxCheck() {
        Ansible.Run lint = ansible.lint(Duration.ofSeconds(120));
        assertEquals(0, lint.exitCode(), "ansible-lint:\n" + lint.output());
        assertTrue(lint.output().contains("Passed with production profile"), lint.output());
        for (String playbook : List.of("site.yml", "rollout.yml", "status.yml")) {
            Ansible.Run syntax = ansible.playbook(playbook, List.of(), Duration.ofSeconds(60), "--syntax-check");
            assertEquals(0, syntax.exitCode(), playbook + ":\n" + syntax.output());
        }
    }

    @Test
    @Order(2)
    void checkModeRunsBatonCheckOnEveryHostAndChangesNothing() throws IOException {
        List<Report> before = NAMES.stream().map(h -> Report.read(dir.resolve("report-site"), h)).toList();
        Ansible.Run check = ansible.playbook("rollout.yml", vars("2.0", "report-check"), Duration.ofSeconds(90), "--check");
        assertEquals(0, check.exitCode(), check.output());
        for (String h : NAMES) {
            assertTrue(check.output().contains("TASK [baton : Run baton check]") && check.output().contains("ok: [" + h + "]"),
                    "baton check ran on " + h + ":\n" + check.output());
        }
        assertEquals(before, collect("report-check-after"), "nothing changed on any host");
        for (SystemdContainer h : hosts) {
            assertEquals("releases/1.0", h.sh("readlink /srv/demo/current"));
        }
        // an invalid config stops --check at the first host, with baton check's reason
        Path bad = Files.writeString(dir.resolve("bad-config.yml"), String.join("\n",
                "baton_config:",
                "  command: [python3, /srv/demo/current/app.py]",
                "  workdir: /srv/demo/current",
                "  upgrade: {timeout: soon}", ""));
        List<String> badVars = new ArrayList<>(vars("2.0", "report-check"));
        badVars.add("@" + bad);
        Ansible.Run refused = ansible.playbook("rollout.yml", badVars, Duration.ofSeconds(90), "--check");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("upgrade.timeout: \\\"soon\\\" is not a duration")
                || refused.output().contains("upgrade.timeout: \"soon\" is not a duration"), refused.output());
        assertFalse(refused.output().contains("[h2]"), "stopped at the first host:\n" + refused.output());
    }

    @Test
    @Order(3)
    void aGoodReleaseRollsToEveryHostOneAtATimeWithNoFailedRequest() {
        long requests = load.total();
        long t0 = System.nanoTime();
        Ansible.Run rollout = ansible.playbook("rollout.yml", vars("2.0", "report-good"), Duration.ofSeconds(120));
        System.out.println("good rollout: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, "
                + (load.total() - requests) + " requests through nginx during it; so far " + load.report());
        assertEquals(0, rollout.exitCode(), rollout.output());
        assertEquals(3, rollout.output().split("TASK \\[baton : Flip with baton upgrade]", -1).length - 1,
                "serial: 1, one batch per host:\n" + rollout.output());
        for (String h : NAMES) {
            Report r = Report.read(dir.resolve("report-good"), h);
            assertEquals(2, r.generation(), h + " flipped once: " + r);
            assertEquals("serving", r.state(), h + ": " + r);
            assertEquals("releases/2.0", r.current(), h + ": " + r);
            assertEquals("/srv/demo/releases/2.0", r.childDir(), h + ": the serving child runs release 2.0: " + r);
        }
        for (SystemdContainer h : hosts) {
            assertTrue(h.sh("curl -fsS --max-time 5 http://127.0.0.1:8080/").startsWith("hello from release 2.0 "));
        }
        noFailedRequest(requests);
    }

    @Test
    @Order(4)
    void aBadReleaseStopsAtTheFirstHostAndNoOtherHostIsTouched() {
        List<Report> before = NAMES.stream().map(h -> Report.read(dir.resolve("report-good"), h)).toList();
        long requests = load.total();
        long t0 = System.nanoTime();
        Ansible.Run rollout = ansible.playbook("rollout.yml", vars("3.0", "report-bad"), Duration.ofSeconds(120));
        System.out.println("bad rollout: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, "
                + (load.total() - requests) + " requests through nginx during it; so far " + load.report());
        String out = rollout.output();
        assertEquals(2, rollout.exitCode(), "ansible-playbook: a host failed:\n" + out);
        assertTrue(out.contains("fatal: [h1]: FAILED! => {\"changed\": false, \"msg\": \"Flip with baton upgrade failed on h1"
                + " (exit 1): baton: flip failed: not healthy within 10s"), "baton's reason, from the first host:\n" + out);
        assertTrue(out.contains("current is back at releases/2.0"), out);
        assertFalse(out.contains("[h2]") || out.contains("[h3]"), "the play stopped after h1:\n" + out);
        List<Report> after = collect("report-bad-after");
        assertEquals(before.get(1), after.get(1), "h2 untouched");
        assertEquals(before.get(2), after.get(2), "h3 untouched");
        Report h1 = after.get(0);
        assertEquals(before.get(0).generation(), h1.generation(), "a failed flip does not advance the generation");
        assertEquals(before.get(0).childPid(), h1.childPid(), "h1's release 2.0 child serves on");
        assertEquals("releases/2.0", h1.current(), "current swapped back");
        assertEquals("/srv/demo/releases/2.0", h1.childDir());
        assertTrue(hosts.get(0).sh("curl -fsS --max-time 5 http://127.0.0.1:8080/").startsWith("hello from release 2.0 "));
        assertTrue(hosts.get(1).run("test -e /srv/demo/releases/3.0").exitCode() != 0, "release 3.0 never reached h2");
        noFailedRequest(requests);
    }
}
