package dev.lamina.benchmarks;

import java.util.SplittableRandom;

/** Reproducible benchmark inputs. */
final class Inputs {
  private Inputs() {}

  /** {@code size} values uniform in [-1, 1). */
  static float[] uniform(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }

  /**
   * {@code size} MNIST-like pixels: 80% zero (the background), the rest uniform in [0, 1), so that
   * kernels with data-dependent work (ReLU, max-pooling) see realistic inputs.
   */
  static float[] pixels(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextDouble() < 0.8 ? 0f : (float) random.nextDouble();
    }
    return values;
  }

  /** {@code size} class labels in [0, classes). */
  static int[] labels(SplittableRandom random, int size, int classes) {
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = random.nextInt(classes);
    }
    return labels;
  }
}
