package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/**
 * A labelled classification dataset held in memory: features {@code [N, ...sampleShape]} and one
 * class index per sample.
 */
public interface Dataset {
  /** The number of samples, N; at least 1 (a tensor has no dimension of size 0). */
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

  /**
   * The first {@code n} samples ({@code n} positive; all of them when {@code n >= size()}),
   * sharing data.
   */
  default Dataset first(int n) {
    checkArgument(n > 0, "first: the number of samples must be positive, got %s", n);
    return subset(0, Math.min(n, size()));
  }

  /**
   * The samples at {@code indices}, in that order (repeats allowed), copied into a new dataset.
   */
  default Dataset select(int[] indices) {
    checkArgument(indices.length > 0, "select needs at least one index");
    for (int i : indices) {
      checkArgument(i >= 0 && i < size(), "index %s is outside [0, %s)", i, size());
    }
    Batch rows = Batches.gather(this, indices, 0, indices.length);
    return new ArrayDataset(rows.features(), rows.labels(), classes());
  }

  /**
   * The first {@code round(fraction * size())} samples and the rest, both sharing this dataset's
   * data (no copy). Both parts must be non-empty.
   */
  default DatasetSplit split(double fraction) {
    int cut = splitPoint(fraction);
    return new DatasetSplit(subset(0, cut), subset(cut, size()));
  }

  /**
   * Like {@link #split(double)} after a shuffle that depends only on {@code seed}; the two parts
   * are copied once (together one copy of the data).
   */
  default DatasetSplit split(double fraction, long seed) {
    int cut = splitPoint(fraction);
    int[] order = Batches.permutation(size(), seed, -1);
    return new DatasetSplit(select(Arrays.copyOfRange(order, 0, cut)),
        select(Arrays.copyOfRange(order, cut, size())));
  }

  private int splitPoint(double fraction) {
    int cut = (int) Math.round(fraction * size());
    checkArgument(fraction > 0 && fraction < 1 && cut > 0 && cut < size(),
        "split fraction %s of %s samples leaves an empty part", String.valueOf(fraction), size());
    return cut;
  }

  /** All samples as one batch: a view of this dataset's data, not a copy. */
  default Batch fullBatch() {
    return new Batch(features(), labels());
  }

  /** Batches over this dataset; see {@link Batches}. */
  default Batches batches(int batchSize) {
    return new Batches(this, batchSize);
  }
}
