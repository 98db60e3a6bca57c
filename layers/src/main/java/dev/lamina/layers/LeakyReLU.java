package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** {@code x} for positive {@code x}, {@code slope · x} otherwise; element-wise, any shape. */
public final class LeakyReLU implements Layer, InPlaceInference, FreshOutput {
  /** The slope used by {@link #LeakyReLU()}. */
  public static final float DEFAULT_SLOPE = 0.01f;

  private final float slope;

  /** A leaky ReLU with slope {@value #DEFAULT_SLOPE}. */
  public LeakyReLU() {
    this(DEFAULT_SLOPE);
  }

  /** A leaky ReLU with the given negative-side {@code slope}, finite and in {@code [0, 1)}. */
  public LeakyReLU(float slope) {
    if (!(slope >= 0 && slope < 1)) {
      throw new IllegalArgumentException("LeakyReLU: slope must be in [0, 1), got " + slope);
    }
    this.slope = slope;
  }

  public float slope() {
    return slope;
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = x.map(this::apply);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return g.zip(x, (gv, xv) -> xv > 0 ? gv : slope * gv);
    });
  }

  @Override
  public void inferInPlace(Tensor x) {
    x.mapInPlace(this::apply);
  }

  private float apply(float v) {
    return v > 0 ? v : slope * v;
  }

  @Override
  public String toString() {
    return "LeakyReLU(slope=" + slope + ")";
  }
}
