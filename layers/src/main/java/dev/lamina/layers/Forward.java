package dev.lamina.layers;

import dev.lamina.tensor.Tensor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One forward pass through a layer: its output, and the way back. Holding the {@code Forward}
 * records of a pass (the "tape") and calling {@link #backward} on them in reverse order is
 * back-propagation; the layer itself keeps no state between passes (a layer may keep scratch
 * buffers for reuse, as {@link Conv2D} does, but never data one pass leaves for another).
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

  /**
   * {@link #backward} for a caller that does not need dLoss/dInput (the first layer of a model):
   * adds only into the parameter gradients, which a layer may do without computing dLoss/dInput.
   * May be called once per pass, instead of {@link #backward}. By default calls {@link #backward}.
   */
  default void backwardParameters(Tensor gradOutput) {
    backward(gradOutput);
  }

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

  /**
   * A pass whose way back is {@code backward}, and {@code parametersOnly} when dLoss/dInput is not
   * wanted.
   */
  static Forward of(Tensor output, UnaryOperator<Tensor> backward,
      Consumer<Tensor> parametersOnly) {
    return new Forward() {
      @Override
      public Tensor output() {
        return output;
      }

      @Override
      public Tensor backward(Tensor gradOutput) {
        return backward.apply(gradOutput);
      }

      @Override
      public void backwardParameters(Tensor gradOutput) {
        parametersOnly.accept(gradOutput);
      }
    };
  }
}
