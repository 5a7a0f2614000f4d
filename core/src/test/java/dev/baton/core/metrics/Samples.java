package dev.baton.core.metrics;

import static org.junit.jupiter.api.Assertions.fail;

/** Reads one sample's value back from the text format, for the tests. */
final class Samples {
    private Samples() {
    }

    /** The value of the sample written exactly {@code series} (e.g. {@code baton_flips_total{result="failed"}}). */
    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).replace("+Inf", "Infinity"));
            }
        }
        return fail("no sample " + series + " in:\n" + text);
    }
}
