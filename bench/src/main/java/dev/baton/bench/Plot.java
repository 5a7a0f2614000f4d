package dev.baton.bench;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One PNG per run: requests per second with failures on their own (right-hand) axis and a grey
 * line at each flip's SIGHUP, and request latency below. Half-second buckets. A run that faults a
 * serving generation ({@link Recovery}) marks, on both charts, the moment the child went and the
 * moment baton recovered (rolled back, or the restarted child answered).
 */
final class Plot {
    private static final double BUCKET_SECONDS = 0.5;
    private static final Color FAILED = new Color(220, 30, 30);
    private static final Color FAILED_FLIP = new Color(230, 140, 0);
    private static final Color GONE = new Color(120, 0, 160);
    private static final Color RECOVERED = new Color(0, 150, 60);

    private Plot() {
    }

    static void write(Scenario.Result r, Path png) throws IOException {
        long t0 = r.loadStart();
        long last = r.samples().stream().mapToLong(LoadGen.Sample::startMillis).max().orElse(t0);
        int buckets = (int) Math.max(1, (last - t0) / (BUCKET_SECONDS * 1000)) + 1;
        double[] x = new double[buckets];
        double[] ok = new double[buckets];
        double[] bad = new double[buckets];
        List<List<Long>> lat = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            x[i] = i * BUCKET_SECONDS;
            lat.add(new ArrayList<>());
        }
        for (LoadGen.Sample s : r.samples()) {
            int b = (int) ((s.startMillis() - t0) / (BUCKET_SECONDS * 1000));
            if (b < 0 || b >= buckets) {
                continue;
            }
            if (s.outcome() == LoadGen.Outcome.OK) {
                ok[b] += 1 / BUCKET_SECONDS;
                lat.get(b).add(s.micros());
            } else {
                bad[b]++;
            }
        }
        XYChart load = loadChart(r, x, ok, bad);
        XYChart latency = latencyChart(r, x, lat);
        if (!r.recoveries().isEmpty()) { // the marks run along the top, where the legend would hide some
            for (XYChart c : List.of(load, latency)) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            }
        }
        BitmapEncoder.saveBitmap(List.of(load, latency), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart loadChart(Scenario.Result r, double[] x, double[] ok, double[] bad) {
        long failed = Arrays.stream(bad).mapToLong(v -> (long) v).sum();
        long kills = r.recoveries().stream().filter(Recovery.Restart.class::isInstance).count();
        String title = r.spec().name() + ": " + (kills > 0 ? kills + " SIGKILLs of the serving child, restarted in place"
                : r.completed() + " flips completed" + (r.failed() > 0 ? ", " + r.failed() + " failed ("
                        + (r.recoveries().isEmpty() ? "" : "rolled back on probation: ") + "old generation kept serving)"
                        : "")) + "; " + r.samples().size() + " requests, " + failed + " failed";
        XYChart chart = new XYChartBuilder().width(1400).height(420).title(title).xAxisTitle("seconds")
                .yAxisTitle("requests/s").build();
        style(chart);
        XYSeries sOk = chart.addSeries("answered requests/s", x, ok);
        sOk.setMarker(SeriesMarkers.NONE);
        sOk.setLineColor(new Color(40, 90, 200));
        XYSeries sBad = chart.addSeries("failed requests (count per 0.5 s, right axis)", x, bad);
        sBad.setYAxisGroup(1);
        sBad.setMarker(SeriesMarkers.NONE);
        sBad.setLineColor(FAILED);
        chart.setYAxisGroupTitle(1, "failed requests");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, Math.max(5.0, Arrays.stream(bad).max().orElse(0)));
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setAnnotationLineColor(new Color(150, 150, 150));
        List<Double> failedAt = new ArrayList<>();
        for (Timeline t : r.flips()) {
            double at = (t.hup() - r.loadStart()) / 1000.0;
            chart.addAnnotation(new AnnotationLine(at, true, false));
            if (t.failed()) {
                failedAt.add(at);
            }
        }
        if (!failedAt.isEmpty()) {
            double top = Arrays.stream(ok).max().orElse(0);
            double[] fx = failedAt.stream().mapToDouble(Double::doubleValue).toArray();
            double[] fy = new double[fx.length];
            Arrays.fill(fy, top);
            XYSeries sFlip = chart.addSeries("failed flip (injected fault)", fx, fy);
            sFlip.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            sFlip.setMarker(SeriesMarkers.DIAMOND);
            sFlip.setMarkerColor(FAILED_FLIP);
        }
        double top = Arrays.stream(ok).max().orElse(0);
        recoveryMarks(chart, r, top * 1.04, top * 0.96);
        return chart;
    }

    /** Scatter marks at the fault's and the recovery's moments, at heights {@code goneY} and {@code backY}. */
    private static void recoveryMarks(XYChart chart, Scenario.Result r, double goneY, double backY) {
        if (r.recoveries().isEmpty()) {
            return;
        }
        boolean restarts = r.recoveries().get(0) instanceof Recovery.Restart;
        List<Double> gone = new ArrayList<>();
        List<Double> back = new ArrayList<>();
        for (Recovery g : r.recoveries()) {
            if (g.faultAt() > 0) {
                gone.add((g.faultAt() - r.loadStart()) / 1000.0);
            }
            long at = g instanceof Recovery.Restart k ? k.servingAgain() : g.recoveredAt();
            if (at > 0) {
                back.add((at - r.loadStart()) / 1000.0);
            }
        }
        mark(chart, restarts ? "serving child SIGKILLed" : "new child crashed on probation", gone, goneY,
                SeriesMarkers.CROSS, GONE);
        mark(chart, restarts ? "restarted child answers again" : "rolled back (logged)", back, backY,
                SeriesMarkers.TRIANGLE_UP, RECOVERED);
    }

    private static void mark(XYChart chart, String name, List<Double> at, double y, Marker m,
            Color c) {
        if (at.isEmpty()) {
            return;
        }
        double[] xs = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ys = new double[xs.length];
        Arrays.fill(ys, y);
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(m);
        s.setMarkerColor(c);
    }

    private static XYChart latencyChart(Scenario.Result r, double[] x, List<List<Long>> lat) {
        double[] p50 = new double[x.length];
        double[] p99 = new double[x.length];
        double[] max = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p50[i] = Math.max(0, Stats.percentile(lat.get(i), 50) / 1000.0);
            p99[i] = Math.max(0, Stats.percentile(lat.get(i), 99) / 1000.0);
            max[i] = Math.max(0, Stats.percentile(lat.get(i), 100) / 1000.0);
        }
        XYChart chart = new XYChartBuilder().width(1400).height(420)
                .title("latency of answered requests (ms), by when each started" + (r.flips().isEmpty()
                        ? "; those started in a restart's backoff waited in the listen backlog"
                        : "; grey lines: SIGHUP of each flip"))
                .xAxisTitle("seconds").yAxisTitle("ms").build();
        style(chart);
        chart.addSeries("p50", x, p50).setMarker(SeriesMarkers.NONE);
        chart.addSeries("p99", x, p99).setMarker(SeriesMarkers.NONE);
        XYSeries sMax = chart.addSeries("max", x, max);
        sMax.setMarker(SeriesMarkers.NONE);
        sMax.setLineColor(new Color(190, 190, 190));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setAnnotationLineColor(new Color(210, 210, 210));
        for (Timeline t : r.flips()) {
            chart.addAnnotation(new AnnotationLine((t.hup() - r.loadStart()) / 1000.0, true, false));
        }
        double top = Arrays.stream(max).max().orElse(0);
        recoveryMarks(chart, r, top * 1.04, top * 0.96);
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
    }
}
