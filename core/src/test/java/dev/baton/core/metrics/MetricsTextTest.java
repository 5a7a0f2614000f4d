package dev.baton.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsTextTest {

    @Test
    void aFamilyIsHelpTypeThenSamples() {
        String text = new MetricsText().family("x_total", "counter", "Things.\nMore: a\\b").sample("x_total", 3,
                "kind", "a").sample("x_total", 0.25, "kind", "b").toString();
        assertEquals("# HELP x_total Things.\\nMore: a\\\\b\n# TYPE x_total counter\n"
                + "x_total{kind=\"a\"} 3\nx_total{kind=\"b\"} 0.25\n", text);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeed() {
        assertEquals("v{version=\"1\\\\2\\\"3\\n4\",x=\"\"} 1\n",
                new MetricsText().sample("v", 1, "version", "1\\2\"3\n4", "x", "").toString());
    }

    @Test
    void numbersAreIntegersPlainDecimalsOrSpecialValues() {
        assertEquals("12", MetricsText.number(12));
        assertEquals("0.0005", MetricsText.number(0.0005));
        assertEquals("1.5", MetricsText.number(1.5));
        assertEquals("+Inf", MetricsText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", MetricsText.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", MetricsText.number(Double.NaN));
        assertEquals("1.0e-12", MetricsText.number(1e-12));
    }

    @Test
    void aHistogramHasCumulativeBucketsUpToInfThenSumAndCount() {
        Histogram h = new Histogram(new double[] {0.1, 1});
        h.observe(0.05);
        h.observe(0.5);
        h.observe(7);
        MetricsText t = new MetricsText();
        h.write(t, "d_seconds", "phase", "total");
        assertEquals("d_seconds_bucket{phase=\"total\",le=\"0.1\"} 1\n"
                + "d_seconds_bucket{phase=\"total\",le=\"1\"} 2\n"
                + "d_seconds_bucket{phase=\"total\",le=\"+Inf\"} 3\n"
                + "d_seconds_sum{phase=\"total\"} 7.55\n"
                + "d_seconds_count{phase=\"total\"} 3\n", t.toString());
    }
}
