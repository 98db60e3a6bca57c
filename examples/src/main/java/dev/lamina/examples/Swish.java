package dev.lamina.examples;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Swish (Ramachandran et al., 2017), {@code y = x · sigmoid(β·x)} element-wise, with a learnable
 * scalar β that starts at {@code initialBeta} (1 by default, which is SiLU). Any per-sample shape
 * goes in and comes out unchanged.
 *
 * <p>A custom layer written against the public API only, as users write theirs: the shape rule,
 * {@code build} creating the parameter, and a {@code forward} that returns the output together with
 * its way back. The gradients are
 * {@code dy/dx = s + β·x·s·(1 - s)} and {@code dy/dβ = x²·s·(1 - s)} with
 * {@code s = sigmoid(β·x)}.
 */
public final class Swish implements Layer {
  private final float initialBeta;
  private Parameter beta;

  /** Swish with β starting at 1. */
  public Swish() {
    this(1f);
  }

  /** Swish with β starting at {@code initialBeta}. */
  public Swish(float initialBeta) {
    if (!Float.isFinite(initialBeta)) {
      throw new IllegalArgumentException("Swish: beta must be finite, got " + initialBeta);
    }
    this.initialBeta = initialBeta;
  }

  /** The value β starts at. */
  public float initialBeta() {
    return initialBeta;
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public void build(Shape input, RandomGenerator random) {
    beta = new Parameter("beta", Tensor.filled(Shape.of(1), initialBeta));
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Parameter p = beta;
    if (p == null) {
      throw new IllegalStateException("Swish: not built; add it to a Sequential first");
    }
    float b = p.value().getFlat(0);
    Tensor s = x.map(v -> sigmoid(b * v));
    Tensor y = x.multiply(s);
    return Forward.of(y, g -> {
      if (!g.shape().equals(y.shape())) {
        throw new IllegalArgumentException(
            "Swish backward: gradient " + g.shape() + " does not match the output " + y.shape());
      }
      Tensor slope = s.map(v -> v * (1 - v));                     // s·(1 - s)
      Tensor xSlope = x.multiply(slope);                          // x·s·(1 - s)
      float dBeta = g.multiply(x).multiply(xSlope).sum();         // Σ g·x²·s·(1 - s)
      p.gradient().setFlat(0, p.gradient().getFlat(0) + dBeta);
      return g.multiply(s.zip(xSlope, (sv, xs) -> sv + b * xs));  // g·(s + β·x·s·(1 - s))
    });
  }

  private static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }

  @Override
  public List<Parameter> parameters() {
    return beta == null ? List.of() : List.of(beta);
  }

  @Override
  public String toString() {
    return "Swish(beta=" + (beta == null ? initialBeta : beta.value().getFlat(0)) + ")";
  }
}
