package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A float32 tensor: a {@link Shape} over a contiguous row-major region of a {@code float[]}.
 *
 * <p>Views ({@link #reshape}, {@link #slice}) share data with the tensor they come from; a write
 * through one is seen through the other. Methods named {@code ...InPlace} modify this tensor and
 * return it; all other operations leave their operands untouched and return a new tensor.
 */
public final class Tensor {
  private static final int EXPONENT_BITS = 0x7f80_0000;
  private static final int EXPONENT_STEP = 0x0080_0000;

  private final Shape shape;
  private final float[] data;
  private final int offset;

  private Tensor(Shape shape, float[] data, int offset) {
    this.shape = shape;
    this.data = data;
    this.offset = offset;
  }

  /** A new tensor of zeros. */
  public static Tensor zeros(Shape shape) {
    return new Tensor(shape, new float[shape.size()], 0);
  }

  /** A new tensor of zeros with the given dimensions. */
  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  /** A new tensor with every element {@code value}. */
  public static Tensor filled(Shape shape, float value) {
    float[] d = new float[shape.size()];
    Arrays.fill(d, value);
    return new Tensor(shape, d, 0);
  }

  /**
   * A tensor over {@code data}, which is used as is (not copied): later writes to the array show in
   * the tensor. {@code data.length} must equal {@code shape.size()}.
   */
  public static Tensor of(Shape shape, float... data) {
    checkArgument(data.length == shape.size(),
        "Tensor.of: shape %s needs %s values, got %s", shape, shape.size(), data.length);
    return new Tensor(shape, data, 0);
  }

  /**
   * A view of {@code shape.size()} elements of {@code data} starting at {@code offset}, not copied.
   */
  public static Tensor wrap(Shape shape, float[] data, int offset) {
    checkArgument(offset >= 0 && (long) offset + shape.size() <= data.length,
        "Tensor.wrap: shape %s at offset %s does not fit in an array of %s",
        shape, offset, data.length);
    return new Tensor(shape, data, offset);
  }

  public Shape shape() {
    return shape;
  }

  public int rank() {
    return shape.rank();
  }

  /** Dimension {@code axis}; negative counts from the end. */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /** The number of elements. */
  public int size() {
    return shape.size();
  }

  /**
   * The backing array, for kernels. This tensor's elements are {@code data()[offset() ..
   * offset() + size())} in row-major order; the array may hold other tensors' data around them.
   */
  public float[] data() {
    return data;
  }

  /** Where this tensor's first element sits in {@link #data()}. */
  public int offset() {
    return offset;
  }

  /** A new array with this tensor's elements in row-major order. */
  public float[] toArray() {
    return Arrays.copyOfRange(data, offset, offset + size());
  }

  // ---------------------------------------------------------------- element access

  /** The element at {@code index} (one index per dimension, each checked). */
  public float get(int... index) {
    return data[flatIndex(index)];
  }

  /** Sets the element at {@code index} (one index per dimension, each checked). */
  public void set(float value, int... index) {
    data[flatIndex(index)] = value;
  }

  /** The {@code i}-th element in row-major order. */
  public float getFlat(int i) {
    checkFlatIndex(i);
    return data[offset + i];
  }

  /** Sets the {@code i}-th element in row-major order. */
  public void setFlat(int i, float value) {
    checkFlatIndex(i);
    data[offset + i] = value;
  }

  private void checkFlatIndex(int i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException(
          "flat index " + i + " is out of range for shape " + shape + " (" + size() + " elements)");
    }
  }

  private int flatIndex(int[] index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException(String.format(
          "index %s has %s coordinates but the tensor %s has rank %s",
          Arrays.toString(index), index.length, shape, shape.rank()));
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      int d = shape.dim(i);
      if (index[i] < 0 || index[i] >= d) {
        throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
            + " is out of bounds for shape " + shape + " (axis " + i + ")");
      }
      flat = flat * d + index[i];
    }
    return offset + flat;
  }

  // ---------------------------------------------------------------- views and copies

  /** A view with another shape of the same size, sharing data. */
  public Tensor reshape(Shape newShape) {
    checkArgument(newShape.size() == shape.size(),
        "reshape: %s has %s elements, %s has %s", shape, shape.size(), newShape, newShape.size());
    return new Tensor(newShape, data, offset);
  }

  /** A view with the given dimensions, sharing data. */
  public Tensor reshape(int... dims) {
    return reshape(Shape.of(dims));
  }

  /** A view of entries {@code [from, to)} along the first axis, sharing data. */
  public Tensor slice(int from, int to) {
    checkArgument(rank() >= 1, "slice: a scalar tensor has no first axis");
    checkArgument(0 <= from && from < to && to <= shape.dim(0),
        "slice: [%s, %s) is not a non-empty range within the first axis of %s", from, to, shape);
    int stride = shape.sizeAfter(0);
    return new Tensor(shape.withDim(0, to - from), data, offset + from * stride);
  }

  /** A new tensor with the same shape and a copy of the elements. */
  public Tensor copy() {
    return new Tensor(shape, toArray(), 0);
  }

  /** Copies {@code source}'s elements into this tensor (same size required); returns this. */
  public Tensor copyFrom(Tensor source) {
    checkSameSize("copyFrom", source);
    System.arraycopy(source.data, source.offset, data, offset, size());
    return this;
  }

  /** Sets every element to {@code value}; returns this. */
  public Tensor fill(float value) {
    Arrays.fill(data, offset, offset + size(), value);
    return this;
  }

  // ---------------------------------------------------------------- element-wise

  /** {@code this + other}, element-wise; shapes must be equal. */
  public Tensor add(Tensor other) {
    return copy().addInPlace(other);
  }

  /** {@code this - other}, element-wise; shapes must be equal. */
  public Tensor subtract(Tensor other) {
    return copy().subtractInPlace(other);
  }

  /** {@code this * other}, element-wise; shapes must be equal. */
  public Tensor multiply(Tensor other) {
    return copy().multiplyInPlace(other);
  }

  /** {@code this * factor}. */
  public Tensor scale(float factor) {
    return copy().scaleInPlace(factor);
  }

  /** {@code f} applied to every element. */
  public Tensor map(FloatUnaryOperator f) {
    return copy().mapInPlace(f);
  }

  /** {@code f(this[i], other[i])} for every element; shapes must be equal. */
  public Tensor zip(Tensor other, FloatBinaryOperator f) {
    return copy().zipInPlace(other, f);
  }

  /** {@code this += other}; returns this. */
  public Tensor addInPlace(Tensor other) {
    checkSameShape("add", other);
    float[] o = other.data;
    int oo = other.offset;
    for (int i = 0, n = size(); i < n; i++) {
      data[offset + i] += o[oo + i];
    }
    return this;
  }

  /** {@code this += factor * other}; returns this. */
  public Tensor addScaledInPlace(Tensor other, float factor) {
    checkSameShape("addScaled", other);
    float[] o = other.data;
    int oo = other.offset;
    for (int i = 0, n = size(); i < n; i++) {
      data[offset + i] += factor * o[oo + i];
    }
    return this;
  }

  /** {@code this -= other}; returns this. */
  public Tensor subtractInPlace(Tensor other) {
    checkSameShape("subtract", other);
    float[] o = other.data;
    int oo = other.offset;
    for (int i = 0, n = size(); i < n; i++) {
      data[offset + i] -= o[oo + i];
    }
    return this;
  }

  /** {@code this *= other}, element-wise; returns this. */
  public Tensor multiplyInPlace(Tensor other) {
    checkSameShape("multiply", other);
    float[] o = other.data;
    int oo = other.offset;
    for (int i = 0, n = size(); i < n; i++) {
      data[offset + i] *= o[oo + i];
    }
    return this;
  }

  /** {@code this *= factor}; returns this. */
  public Tensor scaleInPlace(float factor) {
    for (int i = offset, end = offset + size(); i < end; i++) {
      data[i] *= factor;
    }
    return this;
  }

  /** Replaces every element {@code x} with {@code f(x)}; returns this. */
  public Tensor mapInPlace(FloatUnaryOperator f) {
    for (int i = offset, end = offset + size(); i < end; i++) {
      data[i] = f.apply(data[i]);
    }
    return this;
  }

  /** Replaces every element with {@code f(this[i], other[i])}; returns this. */
  public Tensor zipInPlace(Tensor other, FloatBinaryOperator f) {
    checkSameShape("zip", other);
    float[] o = other.data;
    int oo = other.offset;
    for (int i = 0, n = size(); i < n; i++) {
      data[offset + i] = f.apply(data[offset + i], o[oo + i]);
    }
    return this;
  }

  /**
   * Adds {@code vector[j]} to every element whose index along {@code axis} is {@code j}: a bias per
   * column ({@code [N, F]}, axis 1) or per channel ({@code [N, C, H, W]}, axis 1). The vector must
   * have rank 1 and {@code dim(axis)} elements. Returns this.
   */
  public Tensor addBroadcastInPlace(Tensor vector, int axis) {
    int a = shape.normalizeAxis(axis);
    int len = shape.dim(a);
    checkArgument(vector.rank() == 1 && vector.size() == len,
        "addBroadcast: expected a vector of %s values for axis %s of %s, got %s",
        len, a, shape, vector.shape);
    int outer = shape.sizeBefore(a);
    int inner = shape.sizeAfter(a);
    float[] v = vector.data;
    int vo = vector.offset;
    int p = offset;
    if (inner == 1) {
      // the last axis ([N, F], axis 1): one loop per row, not a loop of one element per value
      for (int o = 0; o < outer; o++, p += len) {
        for (int j = 0; j < len; j++) {
          data[p + j] += v[vo + j];
        }
      }
      return this;
    }
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < len; j++) {
        float b = v[vo + j];
        for (int i = 0; i < inner; i++) {
          data[p++] += b;
        }
      }
    }
    return this;
  }

  // ---------------------------------------------------------------- reductions

  /** The sum of all elements, accumulated in double precision. */
  public float sum() {
    return (float) doubleSum();
  }

  /** The mean of all elements, accumulated in double precision. */
  public float mean() {
    return (float) (doubleSum() / size());
  }

  private double doubleSum() {
    double s = 0;
    for (int i = offset, end = offset + size(); i < end; i++) {
      s += data[i];
    }
    return s;
  }

  /** The largest element (NaN if any element is NaN). */
  public float max() {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = offset, end = offset + size(); i < end; i++) {
      m = Math.max(m, data[i]);
    }
    return m;
  }

  /**
   * The flat (row-major) index of the first element that is NaN or infinite, or -1 when every
   * element is finite. Reads this tensor's own region only (a view is checked from its offset).
   *
   * <p>Made for checks that run on every training step: one branch-free pass tests all elements (a
   * value's exponent bits plus one exponent step carry into the sign bit only when the exponent is
   * all ones, i.e. infinite or NaN), and only a failing tensor is scanned again for the index.
   * Plain Java on purpose: a Vector API kernel, faster once compiled, runs boxed until C2 compiles
   * its caller, which cost ~0.2 s over the first steps of a short run.
   */
  public int firstNonFinite() {
    int end = offset + size();
    int carries = 0;
    for (int i = offset; i < end; i++) {
      carries |= (Float.floatToRawIntBits(data[i]) & EXPONENT_BITS) + EXPONENT_STEP;
    }
    if (carries >= 0) {
      return -1;
    }
    for (int i = offset; i < end; i++) {
      if (!Float.isFinite(data[i])) {
        return i - offset;
      }
    }
    throw new AssertionError("a non-finite value was seen and then not found");
  }

  /**
   * Sums along {@code axis}, removing it: {@code [N, F].sum(0) -> [F]}. A rank-1 input gives
   * {@code [1]}.
   */
  public Tensor sum(int axis) {
    return reduce(axis, Reduction.SUM);
  }

  /** Means along {@code axis}, removing it. */
  public Tensor mean(int axis) {
    return reduce(axis, Reduction.MEAN);
  }

  /** Maxima along {@code axis}, removing it. */
  public Tensor max(int axis) {
    return reduce(axis, Reduction.MAX);
  }

  /**
   * The index of the largest element along {@code axis} (the first on ties), for every position of
   * the other axes in row-major order: {@code [N, 10].argmax(1)} gives N class indices. A NaN
   * counts as the largest (the first NaN wins), as in NumPy and PyTorch and as {@link #max(int)}
   * gives NaN.
   */
  public int[] argmax(int axis) {
    int a = shape.normalizeAxis(axis);
    int outer = shape.sizeBefore(a);
    int len = shape.dim(a);
    int inner = shape.sizeAfter(a);
    int[] result = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = offset + o * len * inner + i;
        int best = 0;
        float bestValue = data[base];
        for (int j = 1; j < len; j++) {
          float v = data[base + j * inner];
          if (v > bestValue || (v != v && bestValue == bestValue)) {
            bestValue = v;
            best = j;
          }
        }
        result[o * inner + i] = best;
      }
    }
    return result;
  }

  /**
   * Sums over every axis except {@code axis}: {@code [N, C, H, W].sumExcept(1) -> [C]}, the
   * gradient of a per-channel bias.
   */
  public Tensor sumExcept(int axis) {
    int a = shape.normalizeAxis(axis);
    int outer = shape.sizeBefore(a);
    int len = shape.dim(a);
    int inner = shape.sizeAfter(a);
    double[] acc = new double[len];
    int p = offset;
    if (inner == 1) {
      // the last axis: adding each value straight to acc[j] gives the bits of adding the one-value
      // sum (0 + x); the two differ only for x = -0, and acc[j] (from +0) is never -0
      for (int o = 0; o < outer; o++, p += len) {
        for (int j = 0; j < len; j++) {
          acc[j] += data[p + j];
        }
      }
    } else {
      for (int o = 0; o < outer; o++) {
        for (int j = 0; j < len; j++) {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            s += data[p++];
          }
          acc[j] += s;
        }
      }
    }
    float[] out = new float[len];
    for (int j = 0; j < len; j++) {
      out[j] = (float) acc[j];
    }
    return new Tensor(Shape.of(len), out, 0);
  }

  private enum Reduction { SUM, MEAN, MAX }

  private Tensor reduce(int axis, Reduction kind) {
    int a = shape.normalizeAxis(axis);
    int outer = shape.sizeBefore(a);
    int len = shape.dim(a);
    int inner = shape.sizeAfter(a);
    Shape outShape = shape.rank() == 1 ? Shape.of(1) : shape.without(a);
    float[] out = new float[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = offset + o * len * inner + i;
        double s = kind == Reduction.MAX ? Double.NEGATIVE_INFINITY : 0;
        for (int j = 0; j < len; j++) {
          float v = data[base + j * inner];
          s = kind == Reduction.MAX ? Math.max(s, v) : s + v;
        }
        out[o * inner + i] = (float) (kind == Reduction.MEAN ? s / len : s);
      }
    }
    return new Tensor(outShape, out, 0);
  }

  // ---------------------------------------------------------------- linear algebra

  /** The transpose of a rank-2 tensor, as a new tensor. */
  public Tensor transpose() {
    checkArgument(rank() == 2, "transpose: expected a rank-2 tensor, got %s", shape);
    int rows = shape.dim(0);
    int cols = shape.dim(1);
    float[] out = new float[size()];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = data[offset + i * cols + j];
      }
    }
    return new Tensor(Shape.of(cols, rows), out, 0);
  }

  /** {@code this · other} for rank-2 tensors; see {@link MatMul} for transposed operands. */
  public Tensor matmul(Tensor other) {
    return MatMul.multiply(this, false, other, false);
  }

  // ---------------------------------------------------------------- checks and text

  /**
   * For an element-wise in-place op with {@code other}: equal shapes, and no partial overlap (the
   * same elements, as in {@code x.addInPlace(x)}, are fine; a shifted view of the same array would
   * read elements this op has already written, as PyTorch refuses too).
   */
  private void checkSameShape(String op, Tensor other) {
    if (!shape.equals(other.shape)) {
      throw new IllegalArgumentException(op + ": shapes differ: " + shape + " vs " + other.shape);
    }
    if (offset != other.offset && overlaps(this, other)) {
      throw new IllegalArgumentException(op + ": the operand shares some of this tensor's"
          + " elements at another position (views of one array at offsets " + offset + " and "
          + other.offset + "); copy it first");
    }
  }

  /** Whether {@code x} and {@code y} view overlapping parts of one array. */
  static boolean overlaps(Tensor x, Tensor y) {
    return x.data == y.data && x.offset < y.offset + y.size() && y.offset < x.offset + x.size();
  }

  private void checkSameSize(String op, Tensor other) {
    if (size() != other.size()) {
      throw new IllegalArgumentException(op + ": sizes differ: " + shape + " (" + size()
          + ") vs " + other.shape + " (" + other.size() + ")");
    }
  }

  /** True when {@code o} is a tensor with the same shape and bitwise-equal elements. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor t = (Tensor) o;
    return shape.equals(t.shape)
        && Arrays.equals(data, offset, offset + size(), t.data, t.offset, t.offset + t.size());
  }

  @Override
  public int hashCode() {
    int h = shape.hashCode();
    for (int i = offset, end = offset + size(); i < end; i++) {
      h = 31 * h + Float.floatToIntBits(data[i]);
    }
    return h;
  }

  /** The shape and, for small tensors, the values: {@code Tensor[2, 2] [1.0, 2.0, 3.0, 4.0]}. */
  @Override
  public String toString() {
    String values = size() <= 16 ? Arrays.toString(toArray()) : "(" + size() + " values)";
    return "Tensor" + shape + " " + values;
  }
}
