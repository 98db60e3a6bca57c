package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * A model's performance on a dataset: mean loss, accuracy, per-class accuracy (recall) and the
 * confusion matrix, whose row is the true class and column the predicted one.
 */
public final class Evaluation {
  private final double loss;
  private final long[][] confusion;
  private final long samples;

  /** From a mean {@code loss} and a square confusion matrix (copied). */
  public Evaluation(double loss, long[][] confusion) {
    checkArgument(confusion.length > 0, "a confusion matrix needs at least one class");
    this.loss = loss;
    this.confusion = new long[confusion.length][];
    long n = 0;
    for (int i = 0; i < confusion.length; i++) {
      checkArgument(confusion[i].length == confusion.length,
          "confusion matrix row %s has %s columns, expected %s",
          i, confusion[i].length, confusion.length);
      this.confusion[i] = confusion[i].clone();
      for (long c : confusion[i]) {
        n += c;
      }
    }
    this.samples = n;
  }

  /** The mean loss per sample. */
  public double loss() {
    return loss;
  }

  /** The fraction of samples whose most probable class is the true one. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < confusion.length; c++) {
      correct += confusion[c][c];
    }
    return samples == 0 ? Double.NaN : (double) correct / samples;
  }

  /** For each class, the fraction of its samples predicted as it (NaN for a class with none). */
  public double[] perClassAccuracy() {
    double[] result = new double[confusion.length];
    for (int c = 0; c < confusion.length; c++) {
      long total = 0;
      for (long v : confusion[c]) {
        total += v;
      }
      result[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
    }
    return result;
  }

  /** A copy of the confusion matrix: {@code [trueClass][predictedClass]} counts. */
  public long[][] confusionMatrix() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** The number of samples evaluated. */
  public long samples() {
    return samples;
  }

  /** The number of classes. */
  public int classes() {
    return confusion.length;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Evaluation(%d samples, loss %.4f, accuracy %.2f%%)",
        samples, loss, 100 * accuracy());
  }
}
