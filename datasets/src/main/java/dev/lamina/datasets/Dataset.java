package dev.lamina.datasets;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * A labelled classification dataset held in memory: features {@code [N, ...sampleShape]} and one
 * class index per sample.
 */
public interface Dataset {
  /** The number of samples, N. */
  int size();

  /** The shape of one sample, e.g. {@code [1, 28, 28]}. */
  Shape sampleShape();

  /** The number of classes; every label is in {@code [0, classes)}. */
  int classes();

  /** All features, {@code [N, ...sampleShape]}. Callers must not modify it. */
  Tensor features();

  /** The class index of sample {@code i}. */
  int label(int i);

  /** All labels as a new array of N class indices. */
  int[] labels();

  /** The labels one-hot encoded as a new {@code [N, classes]} tensor. */
  default Tensor oneHotLabels() {
    return Labels.oneHot(labels(), classes());
  }

  /** Samples {@code [from, to)} as a dataset that shares this one's data. */
  Dataset subset(int from, int to);

  /** The first {@code n} samples (all of them when {@code n >= size()}), sharing data. */
  default Dataset first(int n) {
    return subset(0, Math.min(n, size()));
  }

  /** Batches over this dataset; see {@link Batches}. */
  default Batches batches(int batchSize) {
    return new Batches(this, batchSize);
  }
}
