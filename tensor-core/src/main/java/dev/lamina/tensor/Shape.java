package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * An immutable tensor shape: a list of positive dimensions, row-major (the last dimension varies
 * fastest). A rank-0 shape describes a scalar and has one element.
 */
public final class Shape {
  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] <= 0) { // not checkArgument: its arguments would build the text on every call
        throw new IllegalArgumentException(String.format(
            "Shape %s: dimension %s is %s; dimensions must be positive",
            Arrays.toString(dims), i, dims[i]));
      }
    }
    this.dims = dims;
    this.size = elementCount(dims);
  }

  /** A shape with the given dimensions; each must be positive. */
  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  private static int elementCount(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(String.format(
            "Shape %s has more than %s elements", Arrays.toString(dims), Integer.MAX_VALUE));
      }
    }
    return (int) n;
  }

  public int rank() {
    return dims.length;
  }

  /** Dimension {@code axis}; a negative axis counts from the end ({@code -1} is the last). */
  public int dim(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of elements: the product of the dimensions. */
  public int size() {
    return size;
  }

  /**
   * The coordinates, one per dimension, of the element at {@code flatIndex} in row-major order
   * ({@code [2, 3]}: 4 is {@code [1, 1]}); {@code flatIndex} must be in {@code [0, size)}.
   */
  public int[] coordinates(int flatIndex) {
    checkArgument(flatIndex >= 0 && flatIndex < size,
        "element %s is outside shape %s of %s elements", flatIndex, this, size);
    int[] index = new int[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      index[d] = flatIndex % dims[d];
      flatIndex /= dims[d];
    }
    return index;
  }

  /** Maps a possibly negative axis to {@code [0, rank)}, failing with the shape in the message. */
  public int normalizeAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IndexOutOfBoundsException("axis " + axis + " is out of range for shape " + this);
    }
    return a;
  }

  /** The product of the dimensions before {@code axis}. */
  public int sizeBefore(int axis) {
    int a = axis == dims.length ? axis : normalizeAxis(axis);
    int n = 1;
    for (int i = 0; i < a; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** The product of the dimensions after {@code axis}. */
  public int sizeAfter(int axis) {
    int a = normalizeAxis(axis);
    int n = 1;
    for (int i = a + 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /**
   * This shape with a leading dimension {@code first} added: {@code [3, 4].prepend(2) = [2, 3, 4]}.
   */
  public Shape prepend(int first) {
    int[] d = new int[dims.length + 1];
    d[0] = first;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new Shape(d);
  }

  /** This shape without its first dimension: {@code [2, 3, 4] -> [3, 4]}. */
  public Shape dropFirst() {
    checkArgument(dims.length > 0, "a scalar shape has no first dimension");
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** This shape with dimension {@code axis} replaced by {@code value}. */
  public Shape withDim(int axis, int value) {
    int[] d = dims.clone();
    d[normalizeAxis(axis)] = value;
    return new Shape(d);
  }

  /** This shape with dimension {@code axis} removed. */
  public Shape without(int axis) {
    int a = normalizeAxis(axis);
    int[] d = new int[dims.length - 1];
    System.arraycopy(dims, 0, d, 0, a);
    System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
    return new Shape(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Like {@code [64, 1, 28, 28]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
