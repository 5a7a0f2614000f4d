package dev.baton.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * peers.png: each flipper's flip as stacked phases (p50 of each), and its supervisor's RSS idle
 * and at its peak, side by side, from the runs of one {@code --peers} invocation.
 */
final class PeersPlot {
    private PeersPlot() {
    }

    static void write(List<Report> runs, List<String> names, Path png) throws IOException {
        CategoryChart flip = new CategoryChartBuilder().width(1400).height(520)
                .title("a flip, SIGHUP to old child gone: p50 of each phase (ms)").yAxisTitle("ms").build();
        style(flip);
        flip.getStyler().setStacked(true);
        phase(flip, runs, names, "SIGHUP -> new child spawned", Timeline::hupToSpawned);
        phase(flip, runs, names, "spawned -> ready (app start-up, readiness)", Timeline::appStartup);
        phase(flip, runs, names, "ready -> old child signalled", Timeline::toSignalled);
        phase(flip, runs, names, "old child's drain", Timeline::appDrain);
        CategoryChart rss = new CategoryChartBuilder().width(1400).height(420)
                .title("supervisor RSS (MB): idle, and at its peak during flips (all its processes)").yAxisTitle("MB")
                .build();
        style(rss);
        series(rss, runs, names, "idle", r -> r.r.supervision().idleMb());
        series(rss, runs, names, "peak", r -> r.r.supervision().peakMb());
        BitmapEncoder.saveBitmap(List.of(flip, rss), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void phase(CategoryChart chart, List<Report> runs, List<String> names, String name,
            ToLongFunction<Timeline> f) {
        series(chart, runs, names, name, r -> Math.max(0, Stats.percentile(r.phase(f), 50)));
    }

    private static void series(CategoryChart chart, List<Report> runs, List<String> names, String name,
            ToDoubleFunction<Report> value) {
        List<Double> v = new ArrayList<>();
        for (Report r : runs) {
            v.add(Math.max(0, value.applyAsDouble(r)));
        }
        chart.addSeries(name, names, v);
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLabelsVisible(false);
    }
}
