package dev.lamina.examples;

import dev.lamina.training.EpochRecord;
import dev.lamina.training.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG chart of training loss (left axis) and accuracy in % (right axis) per epoch, via XChart.
 */
final class TrainingPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private TrainingPlot() {}

  /** The chart for {@code history}. */
  static XYChart chart(TrainingHistory history, String title) {
    List<EpochRecord> records = history.epochs();
    double[] epochs = records.stream().mapToDouble(r -> r.epoch() + 1).toArray();
    double[] loss = records.stream().mapToDouble(EpochRecord::loss).toArray();
    double[] accuracy = records.stream().mapToDouble(r -> 100 * r.accuracy()).toArray();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("epoch").build();
    chart.setYAxisGroupTitle(0, "loss");
    chart.setYAxisGroupTitle(1, "accuracy (%)");
    XYStyler styler = chart.getStyler();
    styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setYAxisMin(0, 0.0);
    styler.setYAxisMin(1, 0.0);
    styler.setYAxisMax(1, 100.0);
    XYSeries lossSeries = chart.addSeries("loss", epochs, loss);
    lossSeries.setMarker(SeriesMarkers.CIRCLE);
    XYSeries accuracySeries = chart.addSeries("accuracy", epochs, accuracy);
    accuracySeries.setYAxisGroup(1);
    accuracySeries.setMarker(SeriesMarkers.DIAMOND);
    return chart;
  }

  /**
   * Writes the chart of {@code history} as a PNG to {@code target}; a failure names {@code option}.
   * The PNG is rendered in memory first (it takes a good part of a second), so that the temporary
   * file of the write exists only while the bytes are written.
   */
  static void write(String option, Path target, TrainingHistory history, String title) {
    System.setProperty("java.awt.headless", "true");
    byte[] png = png(option, chart(history, title));
    OutputFiles.writeFor(option, target, out -> out.write(png));
  }

  /** {@code chart} as PNG bytes; a failure names {@code option}. */
  private static byte[] png(String option, XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot render the chart: " + CliErrors.describe(e), e);
    }
  }
}
