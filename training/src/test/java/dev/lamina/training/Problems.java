package dev.lamina.training;

import com.google.common.primitives.Floats;
import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;

/** Synthetic datasets and small models for trainer tests. */
final class Problems {
  private Problems() {}

  /**
   * {@code n} points in {@code [-1, 1]^2} labelled by which side of a tilted line they fall on,
   * with a margin of 0.1 around the line left empty: linearly separable.
   */
  static Dataset separable(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * 2];
    int[] labels = new int[n];
    int i = 0;
    while (i < n) {
      float a = (float) random.nextDouble(-1, 1);
      float b = (float) random.nextDouble(-1, 1);
      float side = a + 0.5f * b - 0.1f;
      if (Math.abs(side) < 0.1f) {
        continue;
      }
      x[2 * i] = a;
      x[2 * i + 1] = b;
      labels[i] = side > 0 ? 1 : 0;
      i++;
    }
    return new ArrayDataset(Tensor.of(Shape.of(n, 2), x), labels, 2);
  }

  /** {@code [2] -> Dense(16) -> ReLU -> Dense(2) -> Softmax}. */
  static Sequential smallNetwork(long seed) {
    return network(seed, 16);
  }

  /** {@code [2] -> Dense(hidden) -> ReLU -> Dense(2) -> Softmax}. */
  static Sequential network(long seed, int hidden) {
    return Sequential.builder(Shape.of(2))
        .add(new TestLayers.Linear(hidden))
        .add(new TestLayers.Relu())
        .add(new TestLayers.Linear(2))
        .add(new TestLayers.Softmax())
        .seed(seed)
        .build();
  }

  /** All parameter values of {@code model}, concatenated. */
  static float[] weights(Sequential model) {
    return Floats.concat(model.parameters().stream().map(p -> p.value().toArray()).toArray(float[][]::new));
  }
}
