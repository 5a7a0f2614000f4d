package dev.baton.core.handover;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real installs in a temporary directory, laid out as the tarball and the .deb lay them out:
 * {@code releases/a} and {@code releases/b}, a {@code current} symlink, a JDK of their own.
 */
class InstalledBatonTest {
    @TempDir
    Path dir;
    private Path launcher;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void install() throws IOException {
        release("a", "jar a");
        release("b", "jar b");
        Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/a"));
        launcher = dir.resolve("current/bin/baton");
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib"));
        executable(jdk.resolve("bin/java"), "#!/bin/sh\n");
        Files.writeString(jdk.resolve("lib/modules"), "modules 1");
        env.put("JAVA_HOME", jdk.toString());
    }

    private void release(String name, String jar) throws IOException {
        Path home = dir.resolve("releases").resolve(name);
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("plugins"));
        executable(home.resolve("bin/baton"), "#!/bin/sh\n# launcher\n");
        Files.writeString(home.resolve("lib/baton.jar"), jar);
    }

    private static void executable(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private InstalledBaton now() {
        return InstalledBaton.wouldLaunch(launcher, env);
    }

    @Test
    void nothingChangedIsNoDifference() {
        assertEquals(Optional.empty(), now().differenceFrom(now()));
    }

    @Test
    void theCurrentSymlinkSwappedToAnotherReleaseIsANewJar() throws IOException {
        InstalledBaton before = now();
        Path link = dir.resolve("current");
        Path tmp = dir.resolve("current.new");
        Files.createSymbolicLink(tmp, Path.of("releases/b"));
        Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String why = before.differenceFrom(now()).orElseThrow();
        assertTrue(why.startsWith("the baton jar changed (" + dir.toRealPath().resolve("releases/b/lib/baton.jar")), why);
    }

    @Test
    void aJarRenamedOverTheOldOneAsDpkgDoesIsANewJarEvenWithTheSameSizeAndTime() throws IOException {
        InstalledBaton before = now();
        Path jar = dir.resolve("releases/a/lib/baton.jar");
        Path fresh = dir.resolve("releases/a/lib/baton.jar.dpkg-new");
        Files.writeString(fresh, "jar A"); // same size
        Files.setLastModifiedTime(fresh, Files.getLastModifiedTime(jar));
        Files.move(fresh, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(before.differenceFrom(now()).orElseThrow().startsWith("the baton jar changed"));
    }

    @Test
    void aJdkUpdateIsANewJava() throws IOException {
        InstalledBaton before = now();
        Path modules = dir.resolve("jdk/lib/modules");
        Files.writeString(modules, "modules 2");
        Files.setLastModifiedTime(modules, FileTime.fromMillis(Files.getLastModifiedTime(modules).toMillis() + 5000));
        assertTrue(before.differenceFrom(now()).orElseThrow().startsWith("the java changed"));
    }

    @Test
    void anotherJavaHomeIsANewJava() throws IOException {
        InstalledBaton before = now();
        Path other = dir.resolve("jdk2");
        executable(other.resolve("bin/java"), "#!/bin/sh\n");
        Files.createDirectories(other.resolve("lib"));
        Files.writeString(other.resolve("lib/modules"), "modules 1");
        env.put("JAVA_HOME", other.toString());
        assertTrue(before.differenceFrom(now()).orElseThrow().startsWith("the java changed (" + other.toRealPath()));
    }

    @Test
    void javaOptsAndTheLauncherScriptCount() throws IOException {
        InstalledBaton before = now();
        env.put("BATON_JAVA_OPTS", "-Xmx32m");
        assertEquals(Optional.of("BATON_JAVA_OPTS changed"), before.differenceFrom(now()));
        env.remove("BATON_JAVA_OPTS");
        executable(dir.resolve("releases/a/bin/baton.new"), "#!/bin/sh\n# launcher, with other JVM flags\n");
        Files.move(dir.resolve("releases/a/bin/baton.new"), dir.resolve("releases/a/bin/baton"),
                StandardCopyOption.REPLACE_EXISTING);
        assertTrue(before.differenceFrom(now()).orElseThrow().startsWith("the launcher changed"));
    }

    @Test
    void aPluginAddedReplacedOrRemovedCounts() throws IOException {
        InstalledBaton none = now();
        Path plugin = dir.resolve("releases/a/plugins/ready-file.jar");
        Files.writeString(plugin, "plugin 1");
        InstalledBaton one = now();
        assertEquals(Optional.of("the plugin jars changed ( -> ready-file.jar)"), none.differenceFrom(one));
        Files.writeString(dir.resolve("p.new"), "plugin 2, longer");
        Files.move(dir.resolve("p.new"), plugin, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.of("the plugin jars changed (ready-file.jar -> ready-file.jar)"), one.differenceFrom(now()));
        Files.delete(plugin);
        assertEquals(Optional.empty(), none.differenceFrom(now()));
    }

    /** This JVM, seen through /proc/self/exe and java.home, is the java that JAVA_HOME=java.home would run. */
    @Test
    void theRunningJvmIsTheJavaOfItsOwnJavaHome() throws IOException {
        Path jar = dir.resolve("releases/a/lib/baton.jar");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        InstalledBaton running = InstalledBaton.running(launcher, dir.resolve("releases/a"), jar.toRealPath(), env);
        assertEquals(Optional.empty(), running.differenceFrom(now()));
    }
}
