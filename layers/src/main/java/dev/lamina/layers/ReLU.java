package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** {@code max(0, x)} element-wise, any shape. */
public final class ReLU implements Layer {
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = x.map(v -> v > 0 ? v : 0f);
    return Forward.of(y, g -> g.zip(x, (gv, xv) -> xv > 0 ? gv : 0f));
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
