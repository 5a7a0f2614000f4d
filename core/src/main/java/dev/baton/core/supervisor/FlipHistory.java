package dev.baton.core.supervisor;

import dev.baton.core.os.Os;
import dev.baton.core.text.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flip records of this service since its first baton started ({@code baton history}), kept in
 * a small file beside the control socket in baton's private runtime directory, so that they
 * survive re-exec flips: the first baton starts it afresh, a new baton reads it, and whichever
 * baton ends a flip appends the record (an old baton writes it before it exits or, with background
 * drains, before it says DRAINING), and the others read it again when a flip has ended. One JSON
 * object per line; the first line says when the service started. The file keeps the last {@value
 * #KEEP} records and is replaced whole (temp file and rename, mode 0600) at each write. Thread-safe.
 */
public final class FlipHistory implements SupervisorListener {
    static final int KEEP = 500;
    /** What {@code baton history} gets: every record kept. */
    public static final int KEEP_SHOWN = KEEP;
    private static final Pattern STARTED = Pattern.compile("^\\{\"service_started\":\"([^\"]+)\"");

    private final Os os;
    private final Path file;
    private Instant serviceStarted = Instant.now();
    private final List<String> records = new ArrayList<>();

    private FlipHistory(Os os, Path file) {
        this.os = os;
        this.file = file;
    }

    /** {@code file}: empty for a baton without a runtime directory (records are then kept in memory only). */
    public static FlipHistory open(Os os, Optional<Path> file, boolean newBaton) {
        FlipHistory h = new FlipHistory(os, file.orElse(null));
        if (newBaton) {
            h.reload();
        } else {
            h.write();
        }
        return h;
    }

    public synchronized Instant serviceStarted() {
        return serviceStarted;
    }

    /** The last {@code n} records, oldest first, each one JSON object. */
    public synchronized List<String> last(int n) {
        return List.copyOf(records.subList(Math.max(0, records.size() - n), records.size()));
    }

    @Override
    public synchronized void flipRecorded(FlipRecord record) {
        records.add(record.toJson());
        while (records.size() > KEEP) {
            records.remove(0);
        }
        write();
    }

    /** A flip ended here or in an old baton (which wrote its record before it said so): read the file again. */
    @Override
    public void flipEnded(long generation, String failure) {
        reload();
    }

    private synchronized void reload() {
        if (file == null) {
            return;
        }
        Optional<String> text = os.readFile(file);
        if (text.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(text.get().lines().filter(l -> l.startsWith("{")).toList());
        if (!lines.isEmpty()) {
            Matcher m = STARTED.matcher(lines.get(0));
            if (m.find()) {
                try {
                    serviceStarted = Instant.parse(m.group(1));
                } catch (RuntimeException e) {
                    // a damaged header: this baton's own start stands
                }
                lines.remove(0);
            }
        }
        records.clear();
        records.addAll(lines.subList(Math.max(0, lines.size() - KEEP), lines.size()));
    }

    private void write() {
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(new Json().string("service_started", serviceStarted.toString()).toString())
                .append('\n');
        records.forEach(r -> sb.append(r).append('\n'));
        try {
            os.replaceFile(file, sb.toString(), 0600);
        } catch (IOException | RuntimeException e) {
            // the history is a convenience: baton serves on without it (status still shows this baton's records)
        }
    }
}
