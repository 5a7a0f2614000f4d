package dev.baton.core.config;

import dev.baton.core.os.DirectoryTrust;
import dev.baton.core.spi.Quote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code env_file:}, a list of files in systemd's {@code EnvironmentFile=} syntax
 * ({@link EnvFileSyntax}), afresh for every generation. A path with a leading {@code -} may be
 * missing, as in systemd; a relative path is taken from the config file's directory.
 *
 * <p>An env file decides what the child runs with ({@code LD_PRELOAD}, {@code PATH}), so baton
 * reads it only if no user but root and baton's own could have changed it: the file belongs to
 * one of them and neither its group nor others may write to it, and every directory on its path
 * passes {@link DirectoryTrust} (then nobody else can swap it between the check and the read).
 * systemd does not check this; baton does, whoever it runs as.
 */
final class EnvFilesReader {
    static final String EXPECTED = "a list of env files, e.g. env_file: [/etc/app/app.env, -/etc/app/local.env]";
    private static final int MAX_FILE_BYTES = 1 << 20;

    /** The values in file order, and where they came from. */
    record Result(Map<String, String> values, EnvFiles files) {
    }

    private EnvFilesReader() {
    }

    static Result read(ConfigMap top, int euid, HostChecks host) throws ConfigException {
        Optional<ConfigNode> n = top.get("env_file");
        if (n.isEmpty()) {
            return new Result(Map.of(), EnvFiles.NONE);
        }
        List<ConfigNode> items = n.get().isList() ? n.get().items(EXPECTED) : List.of(n.get());
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<EnvFiles.File> files = new ArrayList<>();
        for (ConfigNode item : items) {
            String written = item.text(EXPECTED);
            boolean optional = written.startsWith("-");
            Path path = path(item, optional ? written.substring(1) : written);
            if (host.isOffline()) {
                host.skip("env_file " + path + ": not read");
                files.add(new EnvFiles.File(path, optional, false));
                continue;
            }
            Optional<String> text = readText(item, path, optional, euid);
            files.add(new EnvFiles.File(path, optional, text.isPresent()));
            if (text.isEmpty()) {
                continue;
            }
            try {
                for (EnvFileSyntax.Assignment a : EnvFileSyntax.parse(text.get())) {
                    values.put(a.name(), a.value()); // the last assignment wins
                    origins.put(a.name(), path + ":" + a.line());
                }
            } catch (EnvFileSyntax.Problem p) {
                throw item.error(path + ":" + p.line + ": " + p.getMessage(), p.expected);
            }
        }
        return new Result(values, new EnvFiles(files, origins));
    }

    private static Path path(ConfigNode item, String t) throws ConfigException {
        if (t.isEmpty()) {
            throw item.error("the path is empty", EXPECTED);
        }
        try {
            return item.context().baseDir.resolve(t).normalize();
        } catch (InvalidPathException e) {
            throw item.error(Quote.value(t) + " is not a valid path", EXPECTED);
        }
    }

    /** The file's text; empty for a missing optional file. */
    private static Optional<String> readText(ConfigNode item, Path path, boolean optional, int euid)
            throws ConfigException {
        try {
            if (!Files.exists(path)) {
                if (optional) {
                    return Optional.empty();
                }
                throw item.error(path + ": no such file", "an existing file, or a leading - for one that may be missing");
            }
            Optional<String> unsafe = problem(path, euid);
            if (unsafe.isPresent()) {
                throw item.error(unsafe.get(), "a file only root"
                        + (euid == 0 ? "" : " or uid " + euid) + " can change, in directories only they can change");
            }
            Path real = path.toRealPath();
            if (!Files.isRegularFile(real)) {
                throw item.error(path + " is not a regular file", "an env file");
            }
            if (Files.size(real) > MAX_FILE_BYTES) {
                throw item.error(path + " is larger than 1 MiB", "a small env file");
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(real))).toString());
        } catch (NoSuchFileException e) {
            if (optional) {
                return Optional.empty();
            }
            throw item.error(path + ": no such file", "an existing file, or a leading - for one that may be missing");
        } catch (AccessDeniedException e) {
            throw item.error(path + ": permission denied", "a file baton can read");
        } catch (CharacterCodingException e) {
            throw item.error(path + ": not valid UTF-8", "a UTF-8 text file, as systemd requires");
        } catch (IOException e) {
            throw item.error(path + ": cannot read: " + e.getMessage(), "a readable env file");
        }
    }

    /** Why baton (as {@code euid}) must not trust what {@code path} holds; empty if it may. */
    static Optional<String> problem(Path path, int euid) throws IOException {
        Path real = path.toRealPath();
        Optional<String> dir = DirectoryCheck.problem(path.getParent(), euid);
        if (dir.isEmpty() && !real.getParent().equals(path.getParent())) {
            dir = DirectoryCheck.problem(real.getParent(), euid);
        }
        if (dir.isPresent()) {
            return dir;
        }
        int uid = (Integer) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0 && uid != euid) {
            return Optional.of(path + " is unsafe: it belongs to uid " + uid + ", who could change the child's environment");
        }
        if ((mode & 0020) != 0) {
            return Optional.of(path + " is unsafe: its group may write to it (mode " + String.format("%04o", mode & 07777) + ")");
        }
        if ((mode & 0002) != 0) {
            return Optional.of(path + " is unsafe: anyone may write to it (mode " + String.format("%04o", mode & 07777) + ")");
        }
        return Optional.empty();
    }
}
