package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Builds a {@link Dataset} from a pair of IDX files: images (rank 3) and labels (rank 1). */
public final class IdxDatasets {
  private static final float[] SCALE = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      SCALE[i] = i / 255f;
    }
  }

  private IdxDatasets() {}

  /**
   * Reads {@code images} ({@code [N, rows, cols]} unsigned bytes) and {@code labels} (N values in
   * {@code [0, classes)}) into a dataset of features {@code [N, 1, rows, cols]} holding {@code
   * pixel / 255f} in one float array.
   *
   * @throws IdxFormatException naming the offending file: any defect {@link IdxReader} finds, a
   *     label count that differs from the image count, or a label outside the range
   */
  public static Dataset read(Path images, Path labels, int classes) throws IdxFormatException {
    return read(images, labels, classes, Integer.MAX_VALUE);
  }

  /**
   * As {@link #read(Path, Path, int)}, keeping only the first {@code limit} samples (all of them
   * when there are fewer): only those become floats. Both files are still read and checked whole,
   * every label included.
   */
  public static Dataset read(Path images, Path labels, int classes, int limit)
      throws IdxFormatException {
    checkArgument(classes > 0 && classes <= 256, "classes must be in [1, 256], got %s", classes);
    checkArgument(limit > 0, "limit must be positive, got %s", limit);
    IdxData labelData = IdxReader.read(labels, 1);
    IdxData imageData = IdxReader.read(images, 3);
    int n = imageData.dim(0);
    if (labelData.dim(0) != n) {
      throw new IdxFormatException(labels, String.format(
          Locale.ROOT,
          "count mismatch: %d labels, but %s holds %d images",
          labelData.dim(0), images.getFileName(), n));
    }
    int[] classIndices = new int[n];
    for (int i = 0; i < n; i++) {
      classIndices[i] = labelData.unsigned(i);
      if (classIndices[i] >= classes) {
        throw new IdxFormatException(labels, String.format(
            Locale.ROOT,
            "label %d of sample %d is outside [0, %d)", classIndices[i], i, classes));
      }
    }
    int kept = Math.min(n, limit);
    byte[] pixels = imageData.data();
    float[] features = new float[kept * imageData.dim(1) * imageData.dim(2)];
    for (int i = 0; i < features.length; i++) {
      features[i] = SCALE[pixels[i] & 0xff];
    }
    Shape shape = Shape.of(kept, 1, imageData.dim(1), imageData.dim(2));
    int[] keptLabels = kept == n ? classIndices : Arrays.copyOf(classIndices, kept);
    return new ArrayDataset(Tensor.wrap(shape, features, 0), keptLabels, classes);
  }
}
