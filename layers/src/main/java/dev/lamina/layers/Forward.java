package dev.lamina.layers;

import dev.lamina.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * One forward pass through a layer: its output, and the way back. Holding the {@code Forward}
 * records of a pass (the "tape") and calling {@link #backward} on them in reverse order is
 * back-propagation; the layer itself keeps no state between passes.
 */
public interface Forward {
  /** The layer's output, {@code [N, ...outputShape]}. */
  Tensor output();

  /**
   * Given dLoss/dOutput ({@code [N, ...outputShape]}, not modified), adds this pass's share into
   * the layer's {@link Parameter#gradient() parameter gradients} and returns dLoss/dInput
   * ({@code [N, ...inputShape]}). May be called once per pass.
   */
  Tensor backward(Tensor gradOutput);

  /** A pass whose way back is {@code backward}. */
  static Forward of(Tensor output, UnaryOperator<Tensor> backward) {
    return new Forward() {
      @Override
      public Tensor output() {
        return output;
      }

      @Override
      public Tensor backward(Tensor gradOutput) {
        return backward.apply(gradOutput);
      }
    };
  }
}
