package dev.baton.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the metrics need of one line of the flip history ({@code FlipRecord.toJson}): whether it
 * was a restart, its result, and its phases and total in seconds. The history is the source of
 * the counters so that they go on from where the old baton left them after a re-exec flip.
 */
record HistoryLine(boolean restart, String result, Map<String, Double> phaseSeconds, double totalSeconds) {
    private static final Pattern TRIGGER = Pattern.compile("\"trigger\":\"([a-z_]+)\"");
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([a-z_]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total_ms\":([0-9.eE+-]+)");
    private static final Pattern PHASES = Pattern.compile("\"phases\":\\{([^}]*)\\}");
    private static final Pattern PHASE = Pattern.compile("\"([a-z_]+)_ms\":([0-9.eE+-]+)");

    /** The line's values; empty if it is not a record (a damaged line is left out of the counts). */
    static Optional<HistoryLine> parse(String json) {
        Matcher trigger = TRIGGER.matcher(json);
        Matcher result = RESULT.matcher(json);
        Matcher total = TOTAL.matcher(json);
        if (!trigger.find() || !result.find() || !total.find()) {
            return Optional.empty();
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        Matcher block = PHASES.matcher(json);
        try {
            if (block.find()) {
                Matcher phase = PHASE.matcher(block.group(1));
                while (phase.find()) {
                    phases.put(phase.group(1), Double.parseDouble(phase.group(2)) / 1000);
                }
            }
            return Optional.of(new HistoryLine(trigger.group(1).equals("restart"), result.group(1), phases,
                    Double.parseDouble(total.group(1)) / 1000));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
