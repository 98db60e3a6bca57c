package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** {@code 1 / (1 + e^-x)} element-wise, any shape. */
public final class Sigmoid implements Layer, InPlaceInference, FreshOutput {
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = x.map(Sigmoid::apply);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return g.zip(y, (gv, yv) -> gv * yv * (1f - yv));
    });
  }

  @Override
  public void inferInPlace(Tensor x) {
    x.mapInPlace(Sigmoid::apply);
  }

  private static float apply(float v) {
    return (float) (1.0 / (1.0 + Math.exp(-v)));
  }

  @Override
  public String toString() {
    return "Sigmoid";
  }
}
