package dev.lamina.datasets;

import dev.lamina.tensor.Tensor;

/** One mini-batch: features {@code [B, ...sampleShape]} and B class indices. */
public final class Batch {
  private final Tensor features;
  private final int[] labels;

  public Batch(Tensor features, int[] labels) {
    this.features = features;
    this.labels = labels;
  }

  /** {@code [B, ...sampleShape]}; may be a view of the dataset, so callers must not modify it. */
  public Tensor features() {
    return features;
  }

  /** The B class indices; callers must not modify them. */
  public int[] labels() {
    return labels;
  }

  public int size() {
    return labels.length;
  }
}
