package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/** A {@link Dataset} over a features tensor and a label array, used as given (not copied). */
public final class ArrayDataset implements Dataset {
  private final Tensor features;
  private final int[] labels;
  private final int from;
  private final int size;
  private final int classes;

  /**
   * A dataset of {@code features} ({@code [N, ...]}) and {@code labels} (N class indices in
   * {@code [0, classes)}).
   */
  public ArrayDataset(Tensor features, int[] labels, int classes) {
    this(features, labels, 0, labels.length, classes);
    checkArgument(features.rank() >= 2,
        "features must be [N, ...sampleShape] with at least one dimension per sample, got %s",
        features.shape());
    checkArgument(features.dim(0) == labels.length,
        "features %s and %s labels disagree on the number of samples", features.shape(),
        labels.length);
    checkArgument(classes > 0, "classes must be positive, got %s", classes);
    for (int i = 0; i < labels.length; i++) {
      checkArgument(labels[i] >= 0 && labels[i] < classes,
          "label %s of sample %s is outside [0, %s)", labels[i], i, classes);
    }
  }

  private ArrayDataset(Tensor features, int[] labels, int from, int size, int classes) {
    this.features = features;
    this.labels = labels;
    this.from = from;
    this.size = size;
    this.classes = classes;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Shape sampleShape() {
    return features.shape().dropFirst();
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public Tensor features() {
    return from == 0 && size == features.dim(0) ? features : features.slice(from, from + size);
  }

  @Override
  public int label(int i) {
    checkArgument(i >= 0 && i < size, "sample %s is outside [0, %s)", i, size);
    return labels[from + i];
  }

  @Override
  public int[] labels() {
    return Arrays.copyOfRange(labels, from, from + size);
  }

  @Override
  public Dataset subset(int start, int end) {
    checkArgument(0 <= start && start < end && end <= size,
        "subset [%s, %s) is not a non-empty range within %s samples", start, end, size);
    return new ArrayDataset(features, labels, from + start, end - start, classes);
  }

  @Override
  public String toString() {
    return "ArrayDataset(" + size + " samples of " + sampleShape() + ", " + classes + " classes)";
  }
}
