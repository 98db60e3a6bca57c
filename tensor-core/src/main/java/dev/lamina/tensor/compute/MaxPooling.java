package dev.lamina.tensor.compute;

/**
 * Max-pooling of one plane over 2×2 windows with stride 2 and no padding, the common case: output
 * {@code (oy, ox)} is the largest of the input pixels {@code (2oy, 2ox)}, {@code (2oy, 2ox + 1)},
 * {@code (2oy + 1, 2ox)} and {@code (2oy + 1, 2ox + 1)}, taken in that order, each winning over
 * the best so far by {@link #beats}: the first of equal values wins, and a window holding a NaN
 * gives NaN, won by its last NaN (PyTorch's rule, indices included). The input plane is
 * {@code w} wide from {@code in[inOff]} (at least {@code 2oh} rows of at least {@code 2ow}
 * pixels); the output {@code [oh, ow]} from {@code out[outOff]} is overwritten. Every
 * implementation gives bitwise the same values and winners.
 */
public interface MaxPooling {
  /**
   * Whether {@code v} takes a window's maximum from {@code best}, the best of the pixels before
   * it: when it is larger, or NaN. So a window with a NaN gives NaN, and max pooling passes a
   * NaN on as {@code Tensor.max} and PyTorch's {@code max_pool2d} do.
   */
  static boolean beats(float v, float best) {
    return v > best || v != v;
  }

  /** The largest value of every window into {@code out}; only {@code out} is modified. */
  void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff);

  /**
   * As {@link #halve}, and the winner of every window, as its index in the input plane
   * ({@code iy·w + ix}), into {@code winners[winOff ..]}. Only {@code out} and {@code winners} are
   * modified.
   */
  void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff, int[] winners,
      int winOff);
}
