package dev.baton.core.supervisor;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatonEnvironmentTest {

    @Test
    void forChildStripsWhatBelongsToBatonAndConfigEnvWins() {
        BatonEnvironment env = BatonEnvironment.fromProcess(Map.of(
                "PATH", "/usr/bin",
                "LANG", "C.UTF-8",
                "NOTIFY_SOCKET", "/run/systemd/notify",
                "LISTEN_PID", "1",
                "LISTEN_FDS", "2",
                "LISTEN_FDNAMES", "http:https",
                "BATON_CONFIG", "/etc/baton.yaml",
                "BATONISH", "kept"));
        Map<String, String> configEnv = new LinkedHashMap<>();
        configEnv.put("LANG", "de_DE.UTF-8");
        configEnv.put("PORT", "8080");

        assertEquals(Map.of("PATH", "/usr/bin", "LANG", "de_DE.UTF-8", "PORT", "8080", "BATONISH", "kept"),
                env.forChild(configEnv));
        assertEquals(Map.of("PATH", "/usr/bin", "LANG", "C.UTF-8", "BATONISH", "kept"), env.forChild(Map.of()));
    }

    @Test
    void fromProcessUndoesTheLauncherAndRestoresSavedSrSignum() {
        BatonEnvironment env = BatonEnvironment.fromProcess(Map.of(
                "PATH", "/usr/bin",
                "BATON_LAUNCHER", "bin/baton",
                "BATON_HOME", "/opt/baton",
                "_JAVA_SR_SIGNUM", "39",
                "BATON_SAVED_JAVA_SR_SIGNUM", "14"));
        assertEquals(Map.of("PATH", "/usr/bin", "_JAVA_SR_SIGNUM", "14"), env.original());
        assertEquals(Map.of("PATH", "/usr/bin", "_JAVA_SR_SIGNUM", "14"), env.forChild(Map.of()));
    }

    @Test
    void fromProcessDropsTheLaunchersSrSignumWhenTheUserHadNone() {
        BatonEnvironment env = BatonEnvironment.fromProcess(Map.of(
                "PATH", "/usr/bin",
                "BATON_LAUNCHER", "bin/baton",
                "BATON_HOME", "/opt/baton",
                "_JAVA_SR_SIGNUM", "39"));
        assertEquals(Map.of("PATH", "/usr/bin"), env.original());
    }

    @Test
    void fromProcessWithoutTheLauncherKeepsEverything() {
        Map<String, String> process = Map.of("PATH", "/usr/bin", "_JAVA_SR_SIGNUM", "39", "BATON_HOME", "/x");
        BatonEnvironment env = BatonEnvironment.fromProcess(process);
        assertEquals(process, env.original());
        assertEquals(Map.of("PATH", "/usr/bin", "_JAVA_SR_SIGNUM", "39"), env.forChild(Map.of()));
    }

    /**
     * What an old baton set for one handover never reaches the next new baton: a stale
     * BATON_LISTENERS made the baton after the next adopt "fd 5", by then the JDK's lib/modules.
     */
    @Test
    void fromProcessDropsEveryHandoverVariable() {
        BatonEnvironment env = BatonEnvironment.fromProcess(Map.of(
                "PATH", "/usr/bin",
                "BATON_PROTOCOL", "1",
                "BATON_GENERATION", "2",
                "BATON_HANDOVER_FD", "3",
                "BATON_CONTROL_FD", "4",
                "BATON_LISTENERS", "unix:///run/app.sock",
                "BATON_METRICS_FD", "6"));
        assertEquals(Map.of("PATH", "/usr/bin"), env.original());
    }
}
