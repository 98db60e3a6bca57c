package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
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
    return read(images, labels, classes, Integer.MAX_VALUE);
  }

  /**
   * As {@link #read(Path, Path, int)}, keeping only the first {@code limit} samples (all of them
   * when there are fewer): only those become floats. Both files are still checked whole: every
   * label is read, a raw images file's size must match its header (the images past the limit are
   * skipped), and a gzip one is decompressed to its end.
   *
   * <p>Each file is refused from its header, before its body is read, when reading it and what is
   * made of it (the kept samples' floats and labels) would not fit the Java heap; the images
   * also when their count differs from the labels'. A raw images file is converted as it is read,
   * so its bytes are never held whole; a gzip one is decompressed whole first.
   */
  public static Dataset read(Path images, Path labels, int classes, int limit)
      throws IdxFormatException {
    return read(images, labels, classes, limit, IdxHeaderCheck.NONE, HeapBudget.JVM);
  }

  /**
   * As {@link #read(Path, Path, int, int)}; {@code imageCheck} also judges the images' header
   * (e.g. the image size a dataset expects) and {@code heap} is what everything must fit.
   */
  static Dataset read(Path images, Path labels, int classes, int limit,
      IdxHeaderCheck imageCheck, HeapBudget heap) throws IdxFormatException {
    checkArgument(classes > 0 && classes <= 256, "classes must be in [1, 256], got %s", classes);
    checkArgument(limit > 0, "limit must be positive, got %s", limit);
    IdxData labelData = IdxReader.read(labels, 1,
        (file, dims) -> Integer.BYTES * (long) Math.min(dims[0], limit), heap);
    checkLabels(labelData, classes); // before the images, which can take seconds to read
    int n = labelData.dim(0);
    int kept = Math.min(n, limit);
    Tensor features = IdxReader.read(images, 3, (file, dims) ->
        imageCheck.check(file, dims) + Float.BYTES * (long) kept * dims[1] * dims[2],
        heap, new Features(kept, labels, n));
    int[] keptLabels = new int[kept];
    for (int i = 0; i < kept; i++) {
      keptLabels[i] = labelData.unsigned(i);
    }
    return new ArrayDataset(features, keptLabels, classes);
  }

  /**
   * The first {@code kept} images of as many as the {@code labelCount} labels in {@code labels},
   * as features {@code [kept, 1, rows, cols]} holding {@code pixel / 255f}; a raw file's pixels
   * become floats piece by piece as they are read, so their bytes are never held whole, and the
   * images past {@code kept} are skipped (the file's size matched its header).
   */
  private record Features(int kept, Path labels, int labelCount) implements IdxBody<Tensor> {
    @Override
    public boolean keepsBytes() {
      return false;
    }

    /** One image per label: found from the header, once it proved true of its own file. */
    @Override
    public void checkDims(Path file, int[] dims) throws IdxFormatException {
      if (dims[0] != labelCount) {
        throw new IdxFormatException(labels, String.format(Locale.ROOT,
            "count mismatch: %d labels, but %s holds %d images",
            labelCount, file.getFileName(), dims[0]));
      }
    }

    @Override
    public Tensor fromStream(Path file, int[] dims, InputStream body, int length)
        throws IOException {
      float[] features = new float[kept * dims[1] * dims[2]];
      byte[] piece = new byte[Math.min(features.length, IdxReader.PIECE)];
      for (int done = 0; done < features.length; done += piece.length) {
        int n = Math.min(piece.length, features.length - done);
        IdxReader.readFully(file, body, piece, n);
        scale(piece, n, features, done);
      }
      IdxReader.skipFully(file, body, length - features.length);
      return Tensor.wrap(shape(dims), features, 0);
    }

    @Override
    public Tensor fromArray(Path file, int[] dims, byte[] body) {
      float[] features = new float[kept * dims[1] * dims[2]];
      scale(body, features.length, features, 0);
      return Tensor.wrap(shape(dims), features, 0);
    }

    private Shape shape(int[] dims) {
      return Shape.of(kept, 1, dims[1], dims[2]);
    }

    /** {@code into[at + i] = pixels[i] / 255f} for {@code i < count}. */
    private static void scale(byte[] pixels, int count, float[] into, int at) {
      for (int i = 0; i < count; i++) {
        into[at + i] = SCALE[pixels[i] & 0xff];
      }
    }
  }

  /** Checks that every label, kept or not, lies in {@code [0, classes)}. */
  private static void checkLabels(IdxData labels, int classes) throws IdxFormatException {
    byte[] values = labels.data();
    for (int i = 0; i < values.length; i++) {
      if ((values[i] & 0xff) >= classes) {
        throw new IdxFormatException(labels.file(), String.format(
            Locale.ROOT,
            "label %d of sample %d is outside [0, %d)", values[i] & 0xff, i, classes));
      }
    }
  }
}
