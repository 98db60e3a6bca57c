package dev.lamina.training.io;

import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;

/** Small models and a registry of the test layers, shared by the persistence tests. */
final class TestModels {
  private TestModels() {}

  static LayerRegistry registry() {
    LayerRegistry registry =
        TestAffine.register(LayerRegistry.empty())
            .register("TestSquare", TestSquare.class, TestSquare::new)
            .register("TestTagged", TestTagged.class, TestTagged::config, TestTagged::new);
    return registry;
  }

  /** [4] -> affine 5 -> square -> tagged -> affine 3. */
  static Sequential small(long seed) {
    return Sequential.builder(Shape.of(4))
        .add(new TestAffine(5, 0.75))
        .add("sq", new TestSquare())
        .add(new TestTagged(allTypes()))
        .add("head", new TestAffine(3, -1.5))
        .seed(seed)
        .build();
  }

  /** A model with a nested model in the middle. */
  static Sequential nested(long seed) {
    Sequential block =
        Sequential.builder(Shape.of(5))
            .add("inner", new TestAffine(6, 1.0))
            .add(new TestSquare())
            .seed(seed + 1)
            .build();
    return Sequential.builder(Shape.of(4))
        .add(new TestAffine(5, 2.0))
        .add("block", block)
        .add(new TestAffine(2, 0.5))
        .seed(seed)
        .build();
  }

  static LayerConfig allTypes() {
    return LayerConfig.builder()
        .putInt("int", -7)
        .putLong("long", 1L << 40)
        .putDouble("double", Math.PI)
        .putBoolean("flag", true)
        .putString("text", "héllo ∑ 🧠")
        .putInts("ints", new int[] {3, 0, -1, Integer.MAX_VALUE})
        .build();
  }

  static TrainingState state() {
    return TrainingState.builder()
        .putLong("epoch", 2)
        .putLong("seed", -42)
        .putDouble("lr", 0.125)
        .putString("optimizer", "Adam")
        .putArray("velocity/dense_1/kernel", new float[] {1f, -2.5f, Float.NaN, Float.MIN_VALUE})
        .putArray("empty", new float[0])
        .build();
  }

  static Tensor input(int batch, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[batch * features];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return Tensor.of(Shape.of(batch, features), x);
  }
}
