package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton check --offline}: a config for another machine lints here, and says what it did not check. */
class ConfigLoaderOfflineTest extends ConfigTestSupport {
    private static final String FOREIGN = String.join("\n",
            "command: [/opt/app/bin/server, --port, \"${PORT}\"]",
            "user: www-data",
            "group: web",
            "workdir: /srv/app",
            "pidfile: /run/app/app.pid",
            "env_file: [/etc/app.env]",
            "env: {DATABASE_URL: \"${DATABASE_URL}\"}",
            "");

    @Test
    void onThisHostTheForeignConfigFails() throws Exception {
        java.nio.file.Files.writeString(file, FOREIGN);
        assertThrows(ConfigException.class, () -> loadFile(file, TemplateVars.FIRST));
    }

    @Test
    void offlineItLintsAndNamesEachLookupItSkipped() throws Exception {
        java.nio.file.Files.writeString(file, FOREIGN);
        HostChecks host = HostChecks.offline();
        BatonConfig c = new ConfigLoader(checks(), system).offline(host).load(file, TemplateVars.FIRST);
        assertEquals(Path.of("/opt/app/bin/server"), c.command().program());
        assertEquals(List.of("/opt/app/bin/server", "--port", "<PORT>"), c.command().argv());
        assertEquals(Path.of("/run/app/app.pid"), c.pidfile().orElseThrow());
        List<String> skipped = host.skipped();
        for (String what : List.of("user www-data: not looked up", "group web: not looked up",
                "workdir /srv/app: not checked that it exists", "env_file /etc/app.env: not read",
                "variable PORT: not set here; read as <PORT>", "command /opt/app/bin/server: not looked up",
                "pidfile /run/app/app.pid: its directory not checked")) {
            assertTrue(skipped.contains(what), what + " in " + skipped);
        }
    }

    @Test
    void offlineAMistakeInTheConfigItselfIsStillAnError() throws Exception {
        java.nio.file.Files.writeString(file, FOREIGN + "upgrade: {timeout: soon}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(checks(), system).offline(HostChecks.offline()).load(file, TemplateVars.FIRST));
        assertTrue(e.getMessage().contains("upgrade.timeout: \"soon\" is not a duration"), e.getMessage());
    }

    @Test
    void offlineABareProgramNameThisHostLacksStandsForThePathItWouldBeSearchedIn() throws Exception {
        java.nio.file.Files.writeString(file, "command: [php-fpm-not-on-this-host, --nodaemonize]\n"
                + "env: {PATH: /opt/php/bin:/usr/bin}\n");
        HostChecks host = HostChecks.offline();
        BatonConfig c = new ConfigLoader(checks(), system).offline(host).load(file, TemplateVars.FIRST);
        assertEquals(Path.of("/opt/php/bin/php-fpm-not-on-this-host"), c.command().program());
        assertTrue(host.skipped().contains("command php-fpm-not-on-this-host: not looked up"), host.skipped().toString());
    }
}
