package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * {@code x · scale + offset}, element-wise, any shape; no parameters. Like Keras'
 * {@code Rescaling}, it puts a model's input preprocessing inside the model, e.g. standardizing
 * MNIST pixels in {@code [0, 1]} to mean 0 and standard deviation 1 with
 * {@link #standardizing(double, double) standardizing(0.1307, 0.3081)}, so a saved model carries
 * it.
 */
public final class Rescaling implements Layer, InPlaceInference, FreshOutput {
  private final float scale;
  private final float offset;

  /** {@code x · scale + offset}; both finite, {@code scale} not zero. */
  public Rescaling(float scale, float offset) {
    if (!Float.isFinite(scale) || scale == 0 || !Float.isFinite(offset)) {
      throw new IllegalArgumentException("Rescaling: scale must be finite and non-zero and offset "
          + "finite, got scale " + scale + ", offset " + offset);
    }
    this.scale = scale;
    this.offset = offset;
  }

  /**
   * {@code (x - mean) / std}: inputs with that mean and standard deviation come out standardized.
   * {@code 1 / std} and {@code -mean / std} must be finite (and {@code 1 / std} non-zero) as
   * floats.
   */
  public static Rescaling standardizing(double mean, double std) {
    if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "Rescaling: std must be positive and finite and mean finite, "
              + "got mean " + mean + ", std " + std);
    }
    float scale = (float) (1 / std);
    float offset = (float) (-mean / std);
    if (!Float.isFinite(scale) || scale == 0 || !Float.isFinite(offset)) {
      throw new IllegalArgumentException("Rescaling: mean " + mean + " and std " + std
          + " give the scale " + scale + " and the offset " + offset + " as floats; the scale"
          + " must be finite and non-zero and the offset finite");
    }
    return new Rescaling(scale, offset);
  }

  public float scale() {
    return scale;
  }

  public float offset() {
    return offset;
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
      return g.map(v -> v * scale);
    });
  }

  @Override
  public void inferInPlace(Tensor x) {
    x.mapInPlace(this::apply);
  }

  private float apply(float v) {
    return v * scale + offset;
  }

  @Override
  public String toString() {
    return "Rescaling(scale=" + scale + ", offset=" + offset + ")";
  }
}
