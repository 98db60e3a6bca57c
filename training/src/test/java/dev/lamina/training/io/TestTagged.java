package dev.lamina.training.io;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * An identity test layer that carries an arbitrary configuration, to round-trip every value type.
 */
final class TestTagged implements Layer {
  private final LayerConfig config;

  TestTagged(LayerConfig config) {
    this.config = config;
  }

  LayerConfig config() {
    return config;
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor input, boolean training) {
    return Forward.of(input, g -> g);
  }
}
