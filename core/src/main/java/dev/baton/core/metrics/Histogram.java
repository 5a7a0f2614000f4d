package dev.baton.core.metrics;

/**
 * One histogram series: cumulative counts per upper bound, the count and the sum, as Prometheus's
 * classic histograms have them. Not thread-safe (its owner, {@link BatonMetrics}, locks).
 */
final class Histogram {
    /** Flips and their phases: from tens of milliseconds to the default upgrade timeout and beyond. */
    static final double[] FLIP_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    /** One check attempt: a local connect is well below a millisecond, a slow HTTP check seconds. */
    static final double[] CHECK_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10};

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    Histogram(double[] bounds) {
        this.bounds = bounds;
        this.counts = new long[bounds.length];
    }

    void observe(double seconds) {
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i]++;
            }
        }
        count++;
        sum += seconds;
    }

    long count() {
        return count;
    }

    /** The series' samples: {@code name_bucket{...,le}}, {@code name_sum}, {@code name_count}; {@code labels} as name, value. */
    void write(MetricsText text, String name, String... labels) {
        String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i < bounds.length; i++) {
            withLe[labels.length + 1] = MetricsText.number(bounds[i]);
            text.sample(name + "_bucket", counts[i], withLe);
        }
        withLe[labels.length + 1] = "+Inf";
        text.sample(name + "_bucket", count, withLe);
        text.sample(name + "_sum", sum, labels);
        text.sample(name + "_count", count, labels);
    }
}
