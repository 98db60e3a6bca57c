package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** The hyperbolic tangent element-wise, any shape. */
public final class Tanh implements Layer, InPlaceInference, FreshOutput {
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = x.map(Tanh::apply);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return g.zip(y, (gv, yv) -> gv * (1f - yv * yv));
    });
  }

  @Override
  public void inferInPlace(Tensor x) {
    x.mapInPlace(Tanh::apply);
  }

  private static float apply(float v) {
    return (float) Math.tanh(v);
  }

  @Override
  public String toString() {
    return "Tanh";
  }
}
