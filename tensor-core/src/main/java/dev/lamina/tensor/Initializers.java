package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;

/**
 * Seeded weight initializers. Each fills a tensor from an explicit {@link RandomGenerator}; there
 * is no hidden global random state, so the same generator state always gives the same weights.
 */
public final class Initializers {
  private Initializers() {}

  /** Fills a tensor given the layer's fan-in and fan-out. */
  @FunctionalInterface
  public interface Initializer {
    /** Overwrites every element of {@code target}. */
    void fill(Tensor target, int fanIn, int fanOut, RandomGenerator random);
  }

  /** Every element 0. */
  public static Initializer zeros() {
    return (t, fanIn, fanOut, r) -> t.fill(0f);
  }

  /** Every element {@code value}. */
  public static Initializer constant(float value) {
    return (t, fanIn, fanOut, r) -> t.fill(value);
  }

  /** Normal with mean 0 and standard deviation {@code std} (the seed notebook uses 0.1). */
  public static Initializer normal(double std) {
    checkArgument(std > 0 && Float.isFinite((float) std),
        "normal: std must be positive and finite (as a float), got %s", std);
    return (t, fanIn, fanOut, r) -> fillNormal(t, std, r);
  }

  /** Uniform on {@code [low, high)}. */
  public static Initializer uniform(double low, double high) {
    checkArgument(low < high, "uniform: low (%s) must be below high (%s)", low, high);
    // infinite bounds (or ones beyond the float range) gave infinite and NaN weights
    checkArgument(Float.isFinite((float) low) && Float.isFinite((float) high),
        "uniform: low (%s) and high (%s) must be finite (as floats)", low, high);
    return (t, fanIn, fanOut, r) -> fillUniform(t, low, high, r);
  }

  /** He (Kaiming) normal: std {@code sqrt(2 / fanIn)}, for ReLU networks. */
  public static Initializer he() {
    return (t, fanIn, fanOut, r) -> fillNormal(t, Math.sqrt(2.0 / positive(fanIn, "fanIn")), r);
  }

  /**
   * LeCun uniform on {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}: PyTorch's default for the weights and
   * biases of {@code nn.Linear} and {@code nn.Conv2d}.
   */
  public static Initializer lecunUniform() {
    return (t, fanIn, fanOut, r) -> {
      double limit = 1.0 / Math.sqrt(positive(fanIn, "fanIn"));
      fillUniform(t, -limit, limit, r);
    };
  }

  /** Xavier (Glorot) uniform: limit {@code sqrt(6 / (fanIn + fanOut))}. */
  public static Initializer xavier() {
    return (t, fanIn, fanOut, r) -> {
      // the fans added as doubles: their int sum can wrap to a negative and a NaN limit
      double limit =
          Math.sqrt(6.0 / ((double) positive(fanIn, "fanIn") + positive(fanOut, "fanOut")));
      fillUniform(t, -limit, limit, r);
    };
  }

  private static int positive(int v, String name) {
    checkArgument(v > 0, "%s must be positive, got %s", name, v);
    return v;
  }

  private static void fillNormal(Tensor t, double std, RandomGenerator r) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setFlat(i, (float) (r.nextGaussian() * std));
    }
  }

  private static void fillUniform(Tensor t, double low, double high, RandomGenerator r) {
    for (int i = 0, n = t.size(); i < n; i++) {
      t.setFlat(i, (float) (low + (high - low) * r.nextDouble()));
    }
  }
}
