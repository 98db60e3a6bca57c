package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** Helpers for shapes with a leading batch dimension, for layer checks and their messages. */
public final class BatchShapes {
  private BatchShapes() {}

  /**
   * A per-sample shape written with its batch dimension: {@code [4, 26, 26] -> [batch, 4, 26, 26]}.
   */
  public static String describe(Shape perSample) {
    String dims = perSample.toString();
    return dims.length() == 2 ? "[batch]" : "[batch, " + dims.substring(1);
  }

  /**
   * Checks that {@code batch} is {@code [N, ...perSample]} for some N, naming {@code what} in the
   * error.
   */
  public static void checkBatch(String what, Shape perSample, Tensor batch) {
    if (!isBatchOf(perSample, batch)) {
      throw new IllegalArgumentException(what + ": expected " + describe(perSample) + ", got "
          + batch.shape());
    }
  }

  /** Whether {@code batch} is {@code [N, ...perSample]}. */
  static boolean isBatchOf(Shape perSample, Tensor batch) {
    Shape s = batch.shape();
    return s.rank() == perSample.rank() + 1 && s.dropFirst().equals(perSample);
  }
}
