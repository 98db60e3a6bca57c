package dev.lamina.tensor.compute;

/**
 * Element-wise kernels whose plain loop the JIT does not vectorize on its own (a data-dependent
 * choice per element compiles to a branch, which random signs mispredict half of the time).
 * Every implementation gives bitwise the same results.
 */
public interface Elementwise {
  /**
   * ReLU's gradient from its output: {@code dx[i] = y[i] > 0 ? g[i] : 0} for {@code i < n}, with
   * {@code y}, {@code g} and {@code dx} read and written from their offsets. A NaN {@code y} gives
   * 0; {@code g} is copied bit for bit where it passes. Only {@code dx} is modified; it may be the
   * same range as {@code g}.
   */
  void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] dx, int dxOff, int n);
}
