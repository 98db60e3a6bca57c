package dev.lamina.benchmarks;

import dev.lamina.tensor.compute.ComputeBackends;
import java.util.SplittableRandom;

/** Reproducible benchmark inputs, and the check that a fork runs the kernels it should. */
final class Inputs {
  private Inputs() {}

  /**
   * Fails unless this JVM runs the Vector API kernels. JMH's {@code -jvmArgsAppend} replaces the
   * forks' {@code --add-modules jdk.incubator.vector} ({@code -jvmArgs} and {@code
   * -jvmArgsPrepend} go in front of it), and without it Lamina quietly falls back to its scalar
   * kernels, 10-20x slower.
   */
  static void requireVectorKernels() {
    String backend = ComputeBackends.current().name();
    if (!backend.startsWith("vector")) {
      throw new IllegalStateException("this fork runs the " + backend + " kernels: give extra JVM "
          + "options with -jvmArgsPrepend, which keeps --add-modules jdk.incubator.vector");
    }
  }

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
