package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * baton under a real systemd (Debian 12, systemd 252; Debian 13, systemd 257), installed from the
 * release tarball. One container per distribution, shared by the tests; each test uses units and
 * ports of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdIT {
    SystemdContainer debian12;

    @BeforeAll
    void boot() {
        debian12 = new SystemdContainer("bookworm");
    }

    @AfterAll
    void shutdown() {
        if (debian12 != null) {
            debian12.close();
        }
    }

    /** The listener example app on {@code port}, checked over the shared socket by pid. */
    static String appConfig(int port, String extra) {
        return String.join("\n",
                "command: [python3, /srv/app/app.py]",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "upgrade: {timeout: 60s}",
                "shutdown: {timeout: 20s}",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms" + extra + "}}",
                "");
    }

    /** The same config with {@code upgrade.mode: reexec}: every flip moves MainPID to a new baton. */
    static String reexec(String config) {
        return config.replace("upgrade: {timeout: 60s}", "upgrade: {timeout: 60s, mode: reexec}");
    }

    static String notifyUnit(String name, String type, String reload) {
        return String.join("\n",
                "[Unit]",
                "Description=baton test " + name,
                "[Service]",
                "Type=" + type,
                "NotifyAccess=all",
                "ExecStart=/usr/local/bin/baton run -c /etc/baton/" + name + ".yaml",
                reload,
                // systemd re-reads it when the main process exits: the old baton's exit can't end the unit
                "PIDFile=/run/baton-" + name + ".pid",
                "KillMode=mixed",
                "TimeoutStartSec=120",
                "TimeoutStopSec=60",
                "");
    }

    private void install(SystemdContainer c, String name, String unit, String config) {
        c.write("/etc/baton/" + name + ".yaml", config + (config.contains("pidfile:") ? ""
                : "pidfile: /run/baton-" + name + ".pid\n"));
        c.write("/etc/systemd/system/" + name + ".service", unit);
        c.sh("systemctl daemon-reload");
    }

    private static String upgrade(String name) {
        return "ExecReload=/usr/local/bin/baton upgrade -c /etc/baton/" + name + ".yaml";
    }

    @Test
    @Order(1)
    void typeNotifyTurnsActiveOnlyOnceTheChildIsHealthy() {
        SystemdContainer c = debian12;
        install(c, "slow", notifyUnit("slow", "notify", upgrade("slow")), appConfig(8081, ", initial_delay: 2s"));
        c.sh("systemctl start --no-block slow");
        Await.until("the child to serve", Duration.ofSeconds(20),
                () -> c.run("curl -fsS --max-time 1 http://127.0.0.1:8081/").exitCode() == 0);
        assertEquals("activating", c.show("slow", "ActiveState"),
                "the child serves, but its check has not passed yet (initial_delay 2s): not active");
        Await.until("the unit to be active", Duration.ofSeconds(30), () -> c.show("slow", "ActiveState").equals("active"));
        assertTrue(c.journal("slow").contains("http check passed"), c.journal("slow"));
        assertTrue(c.show("slow", "StatusText").startsWith("generation 1, child pid "));
        c.sh("systemctl stop slow");
    }

    @Test
    @Order(2)
    void aConfigEditReloadsInPlaceKeepingMainPidAndStaysActive() {
        SystemdContainer c = debian12;
        install(c, "app", notifyUnit("app", "notify", upgrade("app")), appConfig(8080, ""));
        c.sh("systemctl start app");
        long main = c.mainPid("app");
        long child = c.appPid(8080);
        c.sh("sed -i 's/timeout: 20s/timeout: 21s/' /etc/baton/app.yaml"); // an operator's config edit
        c.sh("systemctl reload app");
        assertEquals("active", c.show("app", "ActiveState"));
        assertEquals(main, c.mainPid("app"), "upgrade.mode auto, baton unchanged: in place, MainPID stays");
        assertNotEquals(child, c.appPid(8080), "a new child serves");
        assertTrue(c.show("app", "StatusText").contains("generation 2"), c.show("app", "StatusText"));
        assertTrue(c.journal("app").contains("flip initiated (in place: baton unchanged)"), c.journal("app"));
    }

    @Test
    @Order(3)
    void reloadToABrokenConfigFailsAndChangesNothing() {
        SystemdContainer c = debian12;
        long main = c.mainPid("app");
        long child = c.appPid(8080);
        c.sh("cp /etc/baton/app.yaml /root/app.yaml.good && sed -i 's/timeout: 60s/timeout: soon/' /etc/baton/app.yaml");
        SystemdContainer.Result reload = c.run("systemctl reload app");
        assertNotEquals(0, reload.exitCode(), "the reload fails");
        assertEquals("active", c.show("app", "ActiveState"), c.journal("app"));
        assertEquals(main, c.mainPid("app"));
        assertEquals(child, c.appPid(8080));
        assertTrue(c.journal("app").contains("upgrade.timeout: \"soon\" is not a duration"), c.journal("app"));
        c.sh("cp /root/app.yaml.good /etc/baton/app.yaml");
    }

    @Test
    @Order(4)
    void twentyReloadsUnderLoad() {
        SystemdContainer c = debian12;
        c.sh("rm -f /root/load.stop /root/load.out; nohup python3 /srv/app/load.py 8080 /root/load.stop /root/load.out "
                + "300 >/dev/null 2>&1 &");
        Await.until("the load to start", Duration.ofSeconds(10),
                () -> c.run("pgrep -f '[l]oad.py'").exitCode() == 0);
        for (int i = 0; i < 20; i++) {
            SystemdContainer.Result r = c.run("systemctl reload app");
            assertEquals(0, r.exitCode(), "reload " + (i + 1) + ": " + r.both() + "\n" + c.journal("app"));
        }
        c.sh("touch /root/load.stop");
        Await.until("the load's tally", Duration.ofSeconds(30), () -> c.run("test -s /root/load.out").exitCode() == 0);
        String tally = c.sh("cat /root/load.out");
        assertTrue(tally.matches("(?s)total [1-9]\\d* failed 0\\b.*"), "no failed request: " + tally);
        assertEquals("active", c.show("app", "ActiveState"));
        assertEquals("1", c.sh("pgrep -fc '[d]ev.baton.launcher.Main run -c /etc/baton/app.yaml'"), "one baton");
        assertEquals("1", c.sh("pgrep -fc 'python3 /srv/app/[a]pp.py'"), "one child");
    }

    @Test
    @Order(5)
    void stopIsGracefulAndLeavesTheUnitInactive() {
        SystemdContainer c = debian12;
        long child = c.appPid(8080);
        String cgroup = c.show("app", "ControlGroup");
        c.sh("systemctl stop app");
        assertEquals("inactive", c.show("app", "ActiveState"), "not failed");
        assertEquals("success", c.show("app", "Result"));
        assertTrue(c.journal("app").contains("app.py: pid " + child + " drained"), "the child stopped gracefully");
        assertTrue(c.run("cat /sys/fs/cgroup/systemd" + cgroup + "/cgroup.procs /sys/fs/cgroup" + cgroup
                + "/cgroup.procs 2>/dev/null").out().isBlank(), "the unit's cgroup is empty or gone");
        assertTrue(c.run("pgrep -f '[/]etc/baton/app.yaml|[/]srv/app/app.py'").exitCode() != 0, "nothing of it remains");
    }

    @Test
    @Order(6)
    void tableflipStyleUnitWithPidFileAndKillHup() {
        SystemdContainer c = debian12;
        String unit = String.join("\n", "[Service]",
                "ExecStart=/usr/local/bin/baton run -c /etc/baton/pf.yaml",
                "ExecReload=/bin/kill -HUP $MAINPID",
                "PIDFile=/run/baton-pf.pid",
                "KillMode=mixed", "");
        install(c, "pf", unit, reexec(appConfig(8082, "")) + "pidfile: /run/baton-pf.pid\n");
        c.sh("systemctl start pf");
        assertEquals("active", c.show("pf", "ActiveState"), c.journal("pf"));
        Await.until("the pidfile", Duration.ofSeconds(30), () -> c.run("test -s /run/baton-pf.pid").exitCode() == 0);
        long main = c.mainPid("pf");
        long child = c.appPid(8082);
        c.sh("systemctl reload pf");
        Await.until("MainPID to follow the pidfile", Duration.ofSeconds(30), () -> c.mainPid("pf") != main
                && String.valueOf(c.mainPid("pf")).equals(c.sh("cat /run/baton-pf.pid")));
        assertNotEquals(child, c.appPid(8082));
        assertEquals("active", c.show("pf", "ActiveState"));
        c.sh("systemctl stop pf");
        assertEquals("inactive", c.show("pf", "ActiveState"));
    }

    @Test
    @Order(7)
    void socketActivatedUnit() {
        SystemdContainer c = debian12;
        c.write("/etc/systemd/system/sock.socket", String.join("\n", "[Socket]", "ListenStream=127.0.0.1:8083",
                "FileDescriptorName=web", "[Install]", "WantedBy=sockets.target", ""));
        install(c, "sock", notifyUnit("sock", "notify", upgrade("sock")), appConfig(8083, ""));
        c.sh("systemctl start sock.socket");
        long child = c.appPid(8083); // the first connection starts the service
        Await.until("the unit to be active", Duration.ofSeconds(30), () -> c.show("sock", "ActiveState").equals("active"));
        assertTrue(c.journal("sock").contains("socket activation: adopted tcp://127.0.0.1:8083 (fd 3, web)"),
                c.journal("sock"));
        c.sh("systemctl reload sock");
        assertNotEquals(child, c.appPid(8083));
        c.sh("systemctl stop sock.service sock.socket");
    }

    @Test
    @Order(8)
    void anAppThatSpeaksSdNotifyUnderTheNotifyCheck() {
        SystemdContainer c = debian12;
        install(c, "nt", notifyUnit("nt", "notify", upgrade("nt")), String.join("\n",
                "command: [python3, /srv/app/testapp.py, --port, \"8084\", --notify, --notify-after, \"1\"]",
                "upgrade: {mode: inplace}",
                "healthcheck: {notify: {}}", ""));
        c.sh("systemctl start nt");
        assertEquals("active", c.show("nt", "ActiveState"));
        assertTrue(c.journal("nt").contains("notify check passed (attempt "), c.journal("nt"));
        assertTrue(c.journal("nt").contains("child status: up"));
        String before = c.sh("curl -fsS http://127.0.0.1:8084/");
        c.sh("systemctl reload nt");
        assertEquals("active", c.show("nt", "ActiveState"));
        assertNotEquals(before, c.sh("curl -fsS http://127.0.0.1:8084/"), "a new child answers after the reload");
        c.sh("systemctl stop nt");
    }

    @Test
    @Order(10)
    void debUpgradeUnderARunningServiceTakesEffectAtTheNextReload() {
        try (SystemdContainer c = new SystemdContainer("bookworm", false)) {
            c.copy(Path.of(System.getProperty("baton.deb", "target/baton_0.1.0_all.deb")), "/root/baton_1.deb");
            c.sh("dpkg -i /root/baton_1.deb");
            assertTrue(c.run("test -s /var/cache/baton/baton.jsa").exitCode() == 0, "postinst trained the archive");
            assertTrue(c.run("ls /usr/lib/baton/lib/baton.jsa").exitCode() != 0, "not in dpkg's /usr/lib");
            // a JDK update touches /usr/lib/jvm: dpkg runs baton's trigger, which retrains for the new java binary
            String java = c.sh("readlink -f \"$(command -v java)\"").trim();
            c.sh("touch -d '2025-01-02 03:04:05' " + java);
            assertFalse(c.sh("cat /var/cache/baton/baton.jsa.stamp").contains(c.sh("stat -c %Y " + java).trim()),
                    "the archive is stale for the updated JDK");
            c.sh("dpkg-trigger --no-await /usr/lib/jvm && dpkg --triggers-only baton");
            assertTrue(c.sh("cat /var/cache/baton/baton.jsa.stamp").contains(" " + java + " "
                    + c.sh("stat -c %Y " + java).trim() + " "), "the trigger retrained it");
            c.write("/etc/baton/demo.yaml", appConfig(8086, "") + "pidfile: /run/baton/demo.pid\n");
            c.sh("systemctl start baton@demo");
            assertEquals("active", c.show("baton@demo", "ActiveState"), c.journal("baton@demo"));
            long main = c.mainPid("baton@demo");
            long child = c.appPid(8086);
            // v2: the same package, reporting another version
            c.sh("cd /root && dpkg-deb -R baton_1.deb v2 && sed -i 's/^Version: .*/Version: 0.1.1/' v2/DEBIAN/control"
                    + " && python3 -c \"import zipfile,sys; src=zipfile.ZipFile('v2/usr/lib/baton/lib/baton.jar');"
                    + " dst=zipfile.ZipFile('/root/new.jar','w',zipfile.ZIP_DEFLATED);"
                    + " [dst.writestr(i, b'version=0.1.1\\n' if i.filename.endswith('launcher/version.properties')"
                    + " else src.read(i)) for i in src.infolist()]; dst.close()\""
                    + " && mv /root/new.jar v2/usr/lib/baton/lib/baton.jar && dpkg-deb -b v2 baton_2.deb >/dev/null");
            c.sh("dpkg -i /root/baton_2.deb");
            assertEquals("0.1.1", c.sh("dpkg-query -W -f '${Version}' baton"));
            assertEquals("active", c.show("baton@demo", "ActiveState"), "the running service is undisturbed");
            assertEquals(main, c.mainPid("baton@demo"));
            assertEquals(child, c.appPid(8086));
            assertTrue(c.sh("baton status -c /etc/baton/demo.yaml").contains("baton 0.1.0 "), "still the old release");
            c.sh("systemctl reload baton@demo");
            assertTrue(c.sh("baton status -c /etc/baton/demo.yaml").startsWith("baton 0.1.1 "),
                    "after the reload the running baton is v2");
            assertNotEquals(main, c.mainPid("baton@demo"), "upgrade.mode auto, baton changed: a re-exec moved MainPID");
            assertTrue(c.journal("baton@demo").contains("(the baton jar changed (/usr/lib/baton/lib/baton.jar))"),
                    c.journal("baton@demo"));
            assertEquals("active", c.show("baton@demo", "ActiveState"));
            c.sh("systemctl stop baton@demo");
            assertEquals("success", c.show("baton@demo", "Result"));
        }
    }

    @Test
    @Order(11)
    void hardeningDropInLowersTheExposureAndTheServiceStillFlips() {
        try (SystemdContainer c = new SystemdContainer("bookworm", false)) {
            c.copy(Path.of(System.getProperty("baton.deb", "target/baton_0.1.0_all.deb")), "/root/baton.deb");
            c.sh("dpkg -i /root/baton.deb");
            c.write("/etc/baton/demo.yaml", appConfig(8087, "") + "pidfile: /run/baton/demo.pid\n");
            double before = exposure(c);
            c.sh("mkdir -p /etc/systemd/system/baton@demo.service.d && ln -s /usr/lib/baton/systemd/hardening.conf "
                    + "/etc/systemd/system/baton@demo.service.d/ && systemctl daemon-reload");
            double after = exposure(c);
            System.out.println("systemd-analyze security baton@demo: " + before + " -> " + after);
            assertTrue(after < before - 3, "exposure " + before + " -> " + after);
            c.sh("systemctl start baton@demo");
            assertEquals("active", c.show("baton@demo", "ActiveState"), c.journal("baton@demo"));
            long child = c.appPid(8087);
            c.sh("systemctl reload baton@demo");
            assertEquals("active", c.show("baton@demo", "ActiveState"), c.journal("baton@demo"));
            assertNotEquals(child, c.appPid(8087), "a flip under the hardening: " + c.journal("baton@demo"));
            c.sh("systemctl stop baton@demo");
            assertEquals("success", c.show("baton@demo", "Result"), c.journal("baton@demo"));
        }
    }

    /** The overall exposure level systemd-analyze gives the unit (0 safest .. 10). */
    private static double exposure(SystemdContainer c) {
        String out = c.sh("systemd-analyze security baton@demo.service --no-pager | tail -1");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("exposure level for \\S+: (\\d+\\.\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    /** The example units, as systemd itself reads them: every one on Debian 12 but notify-reload (systemd 253+). */
    @Test
    @Order(8)
    void exampleUnitsPassSystemdAnalyzeVerify() {
        verifyExamples(debian12, "app.socket", "inplace.service", "notify.service", "pidfile.service");
    }

    private static void verifyExamples(SystemdContainer c, String... units) {
        c.sh("mkdir -p /root/examples && ln -sf /usr/local/bin/baton /usr/bin/baton");
        for (String unit : units) {
            c.copy(ListenersIT.examples().resolve("systemd/" + unit), "/root/examples/" + unit);
        }
        if (java.util.List.of(units).contains("app.socket")) {
            // app.socket activates app.service: the socket example's own service, as the README pairs them
            c.copy(ListenersIT.examples().resolve("systemd/notify.service"), "/root/examples/app.service");
        }
        for (String unit : units) {
            SystemdContainer.Result r = c.run("cd /root/examples && systemd-analyze verify ./" + unit + " 2>&1");
            assertEquals(0, r.exitCode(), unit + ":\n" + r.both());
            assertEquals("", r.both().trim(), unit + " verified with warnings");
        }
    }

    @Test
    @Order(9)
    void typeNotifyReloadOnDebian13() {
        try (SystemdContainer c = new SystemdContainer("trixie")) {
            verifyExamples(c, "notify-reload.service");
            install(c, "nr", notifyUnit("nr", "notify-reload", ""), reexec(appConfig(8085, "")));
            c.sh("systemctl start nr");
            long main = c.mainPid("nr");
            long child = c.appPid(8085);
            c.sh("systemctl reload nr"); // systemd sends SIGHUP and waits for RELOADING=1 ... READY=1
            assertEquals("active", c.show("nr", "ActiveState"), c.journal("nr"));
            Await.until("MainPID to move", Duration.ofSeconds(30), () -> c.mainPid("nr") != main);
            assertNotEquals(child, c.appPid(8085));
            c.sh("systemctl stop nr");
            assertEquals("inactive", c.show("nr", "ActiveState"));
            assertEquals("success", c.show("nr", "Result"));
        }
    }
}
