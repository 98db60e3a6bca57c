package dev.lamina.tensor.compute;

/** {@link Elementwise} as plain loops: the reference the vector kernels are tested against. */
final class ScalarElementwise implements Elementwise {
  @Override
  public void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      dx[dxOff + i] = y[yOff + i] > 0f ? g[gOff + i] : 0f;
    }
  }
}
