package dev.lamina.training;

import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the first parameter value that is NaN or infinite, for the trainer's divergence guard. */
final class NonFiniteCheck {
  private static final int EXPONENT = 0x7f80_0000;
  private static final int EXPONENT_STEP = 0x0080_0000;

  private NonFiniteCheck() {}

  /** A description of the first non-finite parameter value of {@code model}, in layer order. */
  static Optional<String> firstNonFinite(Sequential model) {
    for (int layer = 0; layer < model.layers().size(); layer++) {
      List<Parameter> parameters = model.layers().get(layer).parameters();
      for (Parameter p : parameters) {
        Tensor v = p.value();
        if (allFinite(v.data(), v.offset(), v.size())) {
          continue;
        }
        float[] data = v.data();
        for (int i = 0; i < v.size(); i++) {
          float x = data[v.offset() + i];
          if (!Float.isFinite(x)) {
            return Optional.of(String.format(Locale.ROOT,
                "parameter %s of layer %s (%s) has %s at index %d after the update",
                p.name(), model.layerName(layer), model.layers().get(layer).typeName(), x, i));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A fast test (one pass, no branches) whether every value in {@code data[from, from + n)} is
   * finite: a value's exponent bits plus one exponent step carry into the sign bit only when the
   * exponent is all ones (infinite or NaN). Plain Java on purpose: it runs once per step from the
   * first step on, and a Vector API kernel, 10x faster once compiled, cost ~0.2 s interpreted over
   * the first steps (measured on the seed network's 173k values; the OR of carries takes 24% less
   * time than the maximum of exponents it replaces).
   */
  static boolean allFinite(float[] data, int from, int n) {
    int carries = 0;
    for (int i = from, end = from + n; i < end; i++) {
      carries |= (Float.floatToRawIntBits(data[i]) & EXPONENT) + EXPONENT_STEP;
    }
    return carries >= 0;
  }
}
