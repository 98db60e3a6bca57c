package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** Checks shared by the built-in layers, with messages that name the layer. */
final class LayerChecks {
  private LayerChecks() {}

  /** Returns {@code value} when positive, otherwise throws naming the layer and the setting. */
  static int positive(String layer, String setting, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          layer + ": " + setting + " must be positive, got " + value);
    }
    return value;
  }

  /** Returns {@code value} when not negative, otherwise throws naming the layer and the setting. */
  static int notNegative(String layer, String setting, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          layer + ": " + setting + " must not be negative, got " + value);
    }
    return value;
  }

  /** Throws {@link IllegalStateException} when a layer with parameters runs before it was built. */
  static Shape built(Layer layer, Shape builtInput) {
    if (builtInput == null) {
      throw new IllegalStateException(layer + " is not built: add it to a Sequential, or call "
          + "build(inputShape, random) before forward");
    }
    return builtInput;
  }

  /** Checks that {@code batch} is {@code [N, ...perSample]}, naming the layer in the error. */
  static void batchOf(Layer layer, Shape perSample, Tensor batch) {
    if (!BatchShapes.isBatchOf(perSample, batch)) { // the layer's name is built only on failure
      BatchShapes.checkBatch(layer + " input", perSample, batch);
    }
  }

  /** Checks that a gradient has the shape of the output it belongs to. */
  static void sameShape(Layer layer, Tensor output, Tensor gradOutput) {
    if (!output.shape().equals(gradOutput.shape())) {
      throw new IllegalArgumentException(layer + " backward: gradient " + gradOutput.shape()
          + " does not match the output " + output.shape());
    }
  }
}
