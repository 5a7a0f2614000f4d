package dev.baton.core.config;

import dev.baton.core.os.DirectoryTrust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The config-time view of {@link DirectoryTrust}, so that {@code baton check} and a reload refuse a
 * pidfile directory at once, with the YAML path: every directory on the path as written and on
 * its resolved path. The writes check again through fds (the directory may change later).
 */
final class DirectoryCheck {
    private DirectoryCheck() {
    }

    /** Why baton (running as {@code euid}) must not write into {@code dir}; empty if it may. */
    static Optional<String> problem(Path dir, int euid) {
        Set<Path> all = new LinkedHashSet<>();
        addWithAncestors(all, dir.toAbsolutePath().normalize());
        try {
            addWithAncestors(all, dir.toRealPath());
        } catch (IOException e) {
            // the lexical walk covers a path that doesn't resolve; the write reports the rest
        }
        for (Path p : all) {
            try {
                if (Files.isSymbolicLink(p)) {
                    continue; // a link is judged by the directory holding it, which is on the list too
                }
                int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                Optional<String> problem = DirectoryTrust.problem(uid, mode, euid);
                if (problem.isPresent()) {
                    return Optional.of("directory " + p + " is unsafe: " + problem.get());
                }
            } catch (IOException | UnsupportedOperationException e) {
                // unreadable: the write will say why
            }
        }
        return Optional.empty();
    }

    private static void addWithAncestors(Set<Path> into, Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            into.add(q);
        }
    }
}
