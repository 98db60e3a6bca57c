package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
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
    checkArgument(classes > 0 && classes <= 256, "classes must be in [1, 256], got %s", classes);
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
    byte[] pixels = imageData.data();
    float[] features = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      features[i] = SCALE[pixels[i] & 0xff];
    }
    Shape shape = Shape.of(n, 1, imageData.dim(1), imageData.dim(2));
    return new ArrayDataset(Tensor.wrap(shape, features, 0), classIndices, classes);
  }
}
