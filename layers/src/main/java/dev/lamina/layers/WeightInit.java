package dev.lamina.layers;

import dev.lamina.tensor.Initializers;
import dev.lamina.tensor.Initializers.Initializer;
import dev.lamina.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The named initialization schemes a layer can use for its weights and biases. Being an enum, a
 * scheme is saved and restored by {@link #name()}.
 */
public enum WeightInit {
  /** He (Kaiming) normal, std {@code sqrt(2 / fanIn)}: the default for weights. */
  HE(Initializers.he()),
  /** Xavier (Glorot) uniform, limit {@code sqrt(6 / (fanIn + fanOut))}. */
  XAVIER(Initializers.xavier()),
  /**
   * LeCun uniform, limit {@code 1 / sqrt(fanIn)}: PyTorch's default for both the weights and the
   * biases of its linear and convolution layers.
   */
  LECUN_UNIFORM(Initializers.lecunUniform()),
  /**
   * Normal with mean 0 and std 0.1, as in the seed notebook ({@code np.random.randn(...) * 0.1}).
   */
  NOTEBOOK_NORMAL(Initializers.normal(0.1)),
  /** Every value 0: the default for biases. */
  ZEROS(Initializers.zeros());

  private final Initializer initializer;

  WeightInit(Initializer initializer) {
    this.initializer = initializer;
  }

  /** The tensor-core initializer behind this scheme. */
  public Initializer initializer() {
    return initializer;
  }

  /** Overwrites {@code target} with values drawn from {@code random}. */
  public void fill(Tensor target, int fanIn, int fanOut, RandomGenerator random) {
    initializer.fill(target, fanIn, fanOut, random);
  }
}
