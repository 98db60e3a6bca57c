package dev.lamina.tensor.vector;

import java.util.SplittableRandom;

/**
 * Test inputs for the kernels: Gaussian values with special ones (±0, NaN, infinities...) mixed
 * in.
 */
final class SpecialValues {
  private SpecialValues() {}

  /** {@code n} values; each is one of {@code specials} with probability {@code 1 / oneIn}. */
  static float[] gaussianWith(SplittableRandom random, int n, float[] specials, int oneIn) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(oneIn) == 0 ? specials[random.nextInt(specials.length)]
          : (float) random.nextGaussian();
    }
    return v;
  }
}
