package dev.lamina.tensor.compute;

/** {@link Elementwise} as plain loops: the reference the vector kernels are tested against. */
final class ScalarElementwise implements Elementwise {
  /** The exponent bits of a float; all ones for infinities and NaN. */
  private static final int EXPONENT = 0x7f80_0000;
  /** One step of the exponent: added to all-ones exponent bits it carries into the sign bit. */
  private static final int EXPONENT_STEP = 0x0080_0000;

  @Override
  public void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      dx[dxOff + i] = y[yOff + i] > 0f ? g[gOff + i] : 0f;
    }
  }

  @Override
  public boolean allFinite(float[] values, int from, int n) {
    // a value's exponent bits plus one exponent step carry into the sign bit only when the
    // exponent is all ones (infinite or NaN)
    int carries = 0;
    for (int i = from, end = from + n; i < end; i++) {
      carries |= (Float.floatToRawIntBits(values[i]) & EXPONENT) + EXPONENT_STEP;
    }
    return carries >= 0;
  }
}
