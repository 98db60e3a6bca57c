package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * Flattens every sample to a vector: {@code [N, d1, d2, ...] -> [N, d1·d2·...]}. The output is a
 * zero-copy view of the input, and the gradient a view of the output gradient.
 */
public final class Flatten implements Layer, FreshOutput {
  @Override
  public Shape outputShape(Shape input) {
    return Shape.of(input.size());
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    if (x.rank() < 1) {
      throw new IllegalArgumentException("Flatten: expected a batch [N, ...], got a scalar");
    }
    Shape inShape = x.shape();
    Tensor y = x.reshape(x.dim(0), x.size() / x.dim(0));
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return g.reshape(inShape);
    });
  }

  @Override
  public String toString() {
    return "Flatten";
  }
}
