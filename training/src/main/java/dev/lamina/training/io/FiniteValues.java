package dev.lamina.training.io;

/**
 * Finds NaN and infinite float32 values, which a model file's parameters may not hold: a model
 * with one predicts nothing useful ("Predicted: 0 (NaN)"), so saving refuses to write it and
 * loading refuses to read it. Training-state arrays are not checked (see {@link ModelFiles}).
 */
final class FiniteValues {
  private FiniteValues() {}

  /**
   * The index, counted from {@code from}, of the first of {@code data[from, from + n)} that is NaN
   * or infinite, or -1 when all are finite.
   */
  static int firstNonFinite(float[] data, int from, int n) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(data[from + i])) {
        return i;
      }
    }
    return -1;
  }
}
