package dev.baton.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** baton's log file, read incrementally: each poll reads only what was appended since the last. */
final class LogTail {
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private long offset;

    LogTail(Path file) {
        this.file = file;
    }

    synchronized List<String> lines() throws IOException {
        if (Files.exists(file)) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                if (length > offset) {
                    byte[] buf = new byte[(int) (length - offset)];
                    f.seek(offset);
                    f.readFully(buf);
                    offset = length;
                    partial.append(new String(buf, StandardCharsets.UTF_8));
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        lines.add(partial.substring(0, nl));
                        partial.delete(0, nl + 1);
                    }
                }
            }
        }
        return lines;
    }

    List<String> matching(Pattern p) throws IOException {
        return lines().stream().filter(l -> p.matcher(l).find()).toList();
    }
}
