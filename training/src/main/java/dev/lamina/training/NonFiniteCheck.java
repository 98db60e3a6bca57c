package dev.lamina.training;

import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Elementwise;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the first parameter value that is NaN or infinite, for the trainer's divergence guard. */
final class NonFiniteCheck {
  private NonFiniteCheck() {}

  /** A description of the first non-finite parameter value of {@code model}, in layer order. */
  static Optional<String> firstNonFinite(Sequential model) {
    Elementwise kernels = ComputeBackends.current().elementwise();
    for (int layer = 0; layer < model.layers().size(); layer++) {
      List<Parameter> parameters = model.layers().get(layer).parameters();
      for (Parameter p : parameters) {
        Tensor v = p.value();
        if (kernels.allFinite(v.data(), v.offset(), v.size())) {
          continue;
        }
        float[] data = v.data();
        for (int i = 0; i < v.size(); i++) {
          float x = data[v.offset() + i];
          if (!Float.isFinite(x)) {
            return Optional.of(String.format(Locale.ROOT, "parameter %s of layer %s (%s) has %s at index %d after the update",
                p.name(), model.layerName(layer), model.layers().get(layer).typeName(), x, i));
          }
        }
      }
    }
    return Optional.empty();
  }
}
