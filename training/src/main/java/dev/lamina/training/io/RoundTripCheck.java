package dev.lamina.training.io;

import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Tensor;

/**
 * Saves a model in memory, loads it back and compares the two layer by layer: the check behind
 * {@link ModelFiles#checkRoundTrip}.
 */
final class RoundTripCheck {
  private RoundTripCheck() {}

  /** See {@link ModelFiles#checkRoundTrip}. */
  static void check(Sequential model, LayerRegistry registry, Tensor input)
      throws ModelFileException {
    Sequential loaded =
        ModelFiles.decode("the saved copy", ModelFiles.encode(model, null, registry), registry)
            .model();
    for (int i = 1; i <= model.layers().size(); i++) {
      Tensor expected = model.predict(input, i);
      Tensor actual = loaded.predict(input, i);
      int at = firstDifference(expected, actual);
      if (at >= 0) {
        String shown = at < expected.size() && at < actual.size()
            ? " (element " + at + ": " + expected.getFlat(at) + " before, " + actual.getFlat(at)
                + " after)"
            : " (output " + expected.shape() + " before, " + actual.shape() + " after)";
        throw new IllegalArgumentException(String.format(
            "layer %d '%s' (%s) computes differently once saved and loaded with this registry%s:"
                + " its codec loses a setting; the encoder must write every setting the layer"
                + " was made with and the decoder must pass each one back",
            i - 1, model.layerName(i - 1), model.layers().get(i - 1).typeName(), shown));
      }
    }
  }

  /** The index of the first element whose bits differ, the size when only the shapes do, or -1. */
  private static int firstDifference(Tensor a, Tensor b) {
    int common = Math.min(a.size(), b.size());
    for (int j = 0; j < common; j++) {
      if (Float.floatToRawIntBits(a.getFlat(j)) != Float.floatToRawIntBits(b.getFlat(j))) {
        return j;
      }
    }
    return a.shape().equals(b.shape()) ? -1 : common;
  }
}
