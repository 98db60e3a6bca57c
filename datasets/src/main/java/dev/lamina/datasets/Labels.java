package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** Label helpers. */
public final class Labels {
  private Labels() {}

  /** {@code labels} one-hot encoded as a new {@code [labels.length, classes]} tensor. */
  public static Tensor oneHot(int[] labels, int classes) {
    checkArgument(classes > 0, "classes must be positive, got %s", classes);
    Tensor t = Tensor.zeros(Shape.of(labels.length, classes));
    for (int i = 0; i < labels.length; i++) {
      checkArgument(labels[i] >= 0 && labels[i] < classes,
          "label %s of sample %s is outside [0, %s)", labels[i], i, classes);
      t.data()[i * classes + labels[i]] = 1f;
    }
    return t;
  }
}
