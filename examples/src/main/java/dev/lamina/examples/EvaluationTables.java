package dev.lamina.examples;

import dev.lamina.training.Evaluation;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints an {@link Evaluation}'s per-class accuracy and confusion matrix as plain-text tables. */
final class EvaluationTables {
  private EvaluationTables() {}

  /** Per class: its number of images and the fraction predicted right. */
  static void perClass(Evaluation evaluation, PrintWriter out) {
    long[][] confusion = evaluation.confusionMatrix();
    double[] accuracy = evaluation.perClassAccuracy();
    out.println("Per-class accuracy:");
    out.println("class  images  accuracy");
    for (int c = 0; c < accuracy.length; c++) {
      long images = 0;
      for (long v : confusion[c]) {
        images += v;
      }
      String value =
          Double.isNaN(accuracy[c]) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * accuracy[c]);
      out.printf(Locale.ROOT, "%5d  %6d  %8s%n", c, images, value);
    }
  }

  /** The confusion matrix: a row per true class, a column per predicted class. */
  static void confusion(Evaluation evaluation, PrintWriter out) {
    long[][] confusion = evaluation.confusionMatrix();
    int width = 2;
    for (long[] row : confusion) {
      for (long v : row) {
        width = Math.max(width, Long.toString(v).length());
      }
    }
    String cell = " %" + (width + 1) + "s";
    out.println("Confusion matrix (rows: true class, columns: predicted class):");
    StringBuilder header = new StringBuilder("true\\pred");
    for (int c = 0; c < confusion.length; c++) {
      header.append(String.format(Locale.ROOT, cell, c));
    }
    out.println(header);
    for (int r = 0; r < confusion.length; r++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9d", r));
      for (long v : confusion[r]) {
        line.append(String.format(Locale.ROOT, cell, v));
      }
      out.println(line);
    }
  }
}
