package dev.lamina.training;

import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the first parameter value that is NaN or infinite, for the trainer's divergence guard. */
final class NonFiniteCheck {
  private NonFiniteCheck() {}

  /** A description of the first non-finite parameter value of {@code model}, in layer order. */
  static Optional<String> firstNonFinite(Sequential model) {
    for (int layer = 0; layer < model.layers().size(); layer++) {
      List<Parameter> parameters = model.layers().get(layer).parameters();
      for (Parameter p : parameters) {
        Tensor v = p.value();
        int bad = v.firstNonFinite();
        if (bad >= 0) {
          return Optional.of(String.format(Locale.ROOT,
              "parameter %s of layer %s (%s) has %s at index %d after the update",
              p.name(), model.layerName(layer), model.layers().get(layer).typeName(),
              v.getFlat(bad), bad));
        }
      }
    }
    return Optional.empty();
  }
}
