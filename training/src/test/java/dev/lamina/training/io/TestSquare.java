package dev.lamina.training.io;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** A parameterless test layer: {@code y = x * x}. */
final class TestSquare implements Layer {
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor input, boolean training) {
    return Forward.of(input.multiply(input), g -> g.multiply(input).scale(2f));
  }
}
