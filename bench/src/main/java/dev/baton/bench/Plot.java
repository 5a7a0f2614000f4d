package dev.baton.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.AnnotationLine;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Requests and failures per second with a line at each flip, and latency below, as one PNG. */
final class Plot {
    private Plot() {
    }

    static void write(Scenario.Result r, Path png) throws IOException {
        long t0 = r.loadStart();
        int seconds = (int) Math.max(1, (r.loadEnd() - t0) / 1000 + 1);
        double[] ok = new double[seconds];
        double[] bad = new double[seconds];
        List<List<Long>> lat = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            lat.add(new ArrayList<>());
        }
        for (LoadGen.Sample s : r.samples()) {
            int b = (int) ((s.startMillis() - t0) / 1000);
            if (b < 0 || b >= seconds) {
                continue;
            }
            if (s.outcome() == LoadGen.Outcome.OK) {
                ok[b]++;
                lat.get(b).add(s.micros());
            } else {
                bad[b]++;
            }
        }
        double[] x = new double[seconds];
        double[] p50 = new double[seconds];
        double[] p99 = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            x[i] = i;
            p50[i] = Math.max(0, Stats.percentile(lat.get(i), 50) / 1000.0);
            p99[i] = Math.max(0, Stats.percentile(lat.get(i), 99) / 1000.0);
        }
        String title = r.spec().name() + ": " + r.completed() + " flips, " + r.samples().size() + " requests, "
                + r.samples().stream().filter(s -> s.outcome() != LoadGen.Outcome.OK).count() + " failed";
        XYChart load = new XYChartBuilder().width(1400).height(450).title(title).xAxisTitle("seconds")
                .yAxisTitle("per second").build();
        XYSeries sOk = load.addSeries("requests/s", x, ok);
        sOk.setMarker(SeriesMarkers.NONE);
        XYSeries sBad = load.addSeries("failed/s", x, bad);
        sBad.setMarker(SeriesMarkers.NONE);
        sBad.setLineColor(Color.RED);
        load.getStyler().setAnnotationLineColor(new Color(150, 150, 150));
        List<Double> failedAt = new ArrayList<>();
        for (Timeline t : r.flips()) {
            double at = (t.hup() - t0) / 1000.0;
            load.addAnnotation(new AnnotationLine(at, true, false));
            if (t.failed()) {
                failedAt.add(at);
            }
        }
        if (!failedAt.isEmpty()) {
            double top = 0;
            for (double v : ok) {
                top = Math.max(top, v);
            }
            double[] fx = failedAt.stream().mapToDouble(Double::doubleValue).toArray();
            double[] fy = new double[fx.length];
            java.util.Arrays.fill(fy, top);
            XYSeries sFail = load.addSeries("failed flip (old generation kept)", fx, fy);
            sFail.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            sFail.setMarker(SeriesMarkers.DIAMOND);
            sFail.setMarkerColor(new Color(200, 120, 0));
        }
        XYChart latency = new XYChartBuilder().width(1400).height(300).title("request latency (ms); grey lines: flips")
                .xAxisTitle("seconds").yAxisTitle("ms").build();
        latency.addSeries("p50", x, p50).setMarker(SeriesMarkers.NONE);
        latency.addSeries("p99", x, p99).setMarker(SeriesMarkers.NONE);
        latency.getStyler().setAnnotationLineColor(new Color(200, 200, 200));
        for (Timeline t : r.flips()) {
            latency.addAnnotation(new AnnotationLine((t.hup() - t0) / 1000.0, true, false));
        }
        BitmapEncoder.saveBitmap(List.of(load, latency), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
