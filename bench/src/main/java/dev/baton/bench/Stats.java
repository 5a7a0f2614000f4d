package dev.baton.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of what was measured; -1 values (phases not reached) are left out. */
final class Stats {
    private Stats() {
    }

    static double percentile(List<Long> values, double p) {
        long[] v = values.stream().filter(x -> x >= 0).mapToLong(Long::longValue).toArray();
        if (v.length == 0) {
            return -1;
        }
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    static String ms(double v) {
        return v < 0 ? "-" : String.format("%.0f", v);
    }
}
