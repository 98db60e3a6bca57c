package dev.lamina.training;

import com.google.common.primitives.Floats;
import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
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
        .add(new Dense(hidden))
        .add(new ReLU())
        .add(new Dense(2))
        .add(new Softmax())
        .seed(seed)
        .build();
  }

  /** {@code [2] -> Dense(16) -> ReLU -> Dropout(0.3) -> Dense(2) -> Softmax}. */
  static Sequential dropoutNetwork(long seed) {
    return Sequential.builder(Shape.of(2))
        .add(new Dense(16))
        .add(new ReLU())
        .add(new Dropout(0.3))
        .add(new Dense(2))
        .add(new Softmax())
        .seed(seed)
        .build();
  }

  /** The number of training passes of {@code model}'s first Dropout layer. */
  static long dropoutPasses(Sequential model) {
    return model.layers().stream().filter(l -> l instanceof Dropout).map(l -> (Dropout) l)
        .findFirst().orElseThrow().trainingPasses();
  }

  /** All parameter values of {@code model}, concatenated. */
  static float[] weights(Sequential model) {
    return Floats.concat(
        model.parameters().stream().map(p -> p.value().toArray()).toArray(float[][]::new));
  }
}
