package dev.baton.core.metrics;

import java.util.Locale;

/**
 * Prometheus's text exposition format (version 0.0.4), written by hand: a {@code # HELP} and a
 * {@code # TYPE} line per family, then its samples, {@code name{label="value",...} number}.
 * Label values escape {@code \}, {@code "} and line feeds; help text {@code \} and line feeds.
 * Families must be written one after the other, each once. Not thread-safe.
 */
final class MetricsText {
    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a family; {@code type} is counter, gauge, histogram or info-as-gauge ("gauge"). */
    MetricsText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name and value. */
    MetricsText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escapeLabel(labels[i + 1]);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    private void escapeLabel(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** A sample value: integers without a fraction, {@code +Inf}, {@code -Inf}, {@code NaN}, else the shortest decimal. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) >= 1e-9 && Math.abs(v) < 1e15) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); // 0.0005, not 5.0E-4
        }
        return Double.toString(v).toLowerCase(Locale.ROOT); // 1.0E-12 -> 1.0e-12: Go's ParseFloat reads it
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
