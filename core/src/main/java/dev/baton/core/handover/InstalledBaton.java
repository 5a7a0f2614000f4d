package dev.baton.core.handover;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What makes a baton the baton it is, as files on disk: the launcher script, the jar, the java it
 * runs (its binary and its {@code lib/modules}), {@code BATON_JAVA_OPTS}, and the plugin jars. Each
 * file is known by its identity (device, inode, size, mtime), so a package upgrade that renames a
 * new file over the old one, or rewrites it, shows; one that leaves a file alone does not.
 *
 * <p>Two views of the same thing: {@link #running} is this JVM (taken once, at start: what it
 * opened), {@link #wouldLaunch} is what {@code bin/baton} would start now, resolved the way the
 * launcher resolves it (its symlinks followed, {@code JAVA_HOME} or {@code java} on {@code PATH},
 * {@code ../lib/baton.jar}, {@code ../plugins/*.jar}). {@link #differenceFrom} names the first
 * thing that differs. Plain file reads (stat, readlink, a directory listing): no native binding,
 * a few hundred microseconds.
 */
public record InstalledBaton(FileId launcher, FileId jar, FileId java, FileId modules, String javaOpts,
        SortedMap<String, FileId> plugins) {
    public static final String JAVA_OPTS_ENV = "BATON_JAVA_OPTS";

    public InstalledBaton {
        plugins = new TreeMap<>(plugins);
    }

    /** A file's identity; {@link #MISSING} if it could not be read. */
    public record FileId(Path path, long device, long inode, long size, FileTime modified) {
        static final FileId MISSING = new FileId(null, -1, -1, -1, FileTime.fromMillis(0));

        static FileId of(Path p) {
            if (p == null) {
                return MISSING;
            }
            try {
                Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,lastModifiedTime");
                return new FileId(p, ((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                        ((Number) a.get("size")).longValue(), (FileTime) a.get("lastModifiedTime"));
            } catch (IOException | RuntimeException e) {
                return new FileId(p, -1, -1, -1, FileTime.fromMillis(0));
            }
        }

        boolean sameFile(FileId o) {
            return device >= 0 && device == o.device && inode == o.inode && size == o.size
                    && modified.equals(o.modified);
        }

        @Override
        public String toString() {
            return path == null ? "(none)" : path.toString();
        }
    }

    /**
     * This JVM as it started: {@code /proc/self/exe} (the binary it runs, even if since replaced),
     * its {@code java.home}'s modules, the jar it was loaded from, and the install's launcher and
     * plugins. {@code launcher} is {@code BATON_LAUNCHER}, {@code home} is {@code BATON_HOME}.
     */
    public static InstalledBaton running(Path launcher, Path home, Path jar, Map<String, String> env) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        FileId exe = FileId.of(Path.of("/proc/self/exe"));
        Path exePath = readLink(Path.of("/proc/self/exe"));
        return new InstalledBaton(FileId.of(real(launcher)), FileId.of(jar),
                new FileId(exePath, exe.device(), exe.inode(), exe.size(), exe.modified()),
                FileId.of(javaHome.resolve("lib").resolve("modules")), env.getOrDefault(JAVA_OPTS_ENV, ""),
                plugins(home));
    }

    /** What {@code launcher} would start now, with {@code env} (the environment a new baton gets). */
    public static InstalledBaton wouldLaunch(Path launcher, Map<String, String> env) {
        Path script = real(launcher);
        Path home = script == null || script.getParent() == null ? null : real(script.getParent().resolve(".."));
        Path java = real(javaOf(env));
        Path modules = java == null || java.getParent() == null || java.getParent().getParent() == null ? null
                : java.getParent().getParent().resolve("lib").resolve("modules");
        return new InstalledBaton(FileId.of(script), FileId.of(home == null ? null : home.resolve("lib/baton.jar")),
                FileId.of(java), FileId.of(modules), env.getOrDefault(JAVA_OPTS_ENV, ""), plugins(home));
    }

    /** Why {@code now} is not this baton, naming the first difference; empty if it is the same. */
    public Optional<String> differenceFrom(InstalledBaton now) {
        if (!jar.sameFile(now.jar)) {
            return Optional.of("the baton jar changed (" + now.jar + ")");
        }
        if (!java.sameFile(now.java) || !modules.sameFile(now.modules)) {
            return Optional.of("the java changed (" + now.java + ")");
        }
        if (!javaOpts.equals(now.javaOpts)) {
            return Optional.of(JAVA_OPTS_ENV + " changed");
        }
        if (!launcher.sameFile(now.launcher)) {
            return Optional.of("the launcher changed (" + now.launcher + ")");
        }
        if (!samePlugins(now.plugins)) {
            return Optional.of("the plugin jars changed (" + String.join(", ", plugins.keySet()) + " -> "
                    + String.join(", ", now.plugins.keySet()) + ")");
        }
        return Optional.empty();
    }

    private boolean samePlugins(SortedMap<String, FileId> other) {
        if (!plugins.keySet().equals(other.keySet())) {
            return false;
        }
        for (Map.Entry<String, FileId> e : plugins.entrySet()) {
            if (!e.getValue().sameFile(other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code JAVA_HOME/bin/java}, else the first executable {@code java} on {@code PATH}: bin/baton's choice. */
    static Path javaOf(Map<String, String> env) {
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            return Path.of(javaHome, "bin", "java");
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "java");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static SortedMap<String, FileId> plugins(Path home) {
        SortedMap<String, FileId> out = new TreeMap<>();
        if (home == null) {
            return out;
        }
        Path dir = home.resolve("plugins");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(jars::add);
        } catch (IOException e) {
            out.put("(unreadable " + dir + ")", FileId.MISSING);
            return out;
        }
        for (Path j : jars) {
            out.put(Objects.toString(j.getFileName()), FileId.of(j));
        }
        return out;
    }

    private static Path real(Path p) {
        if (p == null) {
            return null;
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path readLink(Path p) {
        try {
            return Files.readSymbolicLink(p);
        } catch (IOException | UnsupportedOperationException e) {
            return p;
        }
    }
}
