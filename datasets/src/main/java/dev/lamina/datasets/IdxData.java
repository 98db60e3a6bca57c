package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of one validated IDX file of unsigned bytes: its dimensions and its payload in
 * row-major order. {@link #data()} is the reader's array, not a copy.
 */
public final class IdxData {
  private final Path file;
  private final int[] dims;
  private final byte[] data;

  IdxData(Path file, int[] dims, byte[] data) {
    this.file = file;
    this.dims = dims.clone();
    this.data = data;
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The rank (number of dimensions) the header declared. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code axis} (dimension 0 is the number of items). */
  public int dim(int axis) {
    checkArgument(axis >= 0 && axis < dims.length, "axis %s is outside [0, %s)", axis, dims.length);
    return dims[axis];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** The payload, product(dims) bytes, each an unsigned value in [0, 255]; not a copy. */
  public byte[] data() {
    return data;
  }

  /** Payload byte {@code i} as an unsigned value. */
  public int unsigned(int i) {
    return data[i] & 0xff;
  }

  @Override
  public String toString() {
    return "IdxData(" + file.getFileName() + ", " + Arrays.toString(dims) + ")";
  }
}
