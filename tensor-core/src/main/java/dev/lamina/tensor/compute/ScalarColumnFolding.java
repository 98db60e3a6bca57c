package dev.lamina.tensor.compute;

/** {@link ColumnFolding} as plain loops: the reference the vector kernels are tested against. */
final class ScalarColumnFolding implements ColumnFolding {
  @Override
  public void unfoldUnitStride(float[] in, int inOff, int channels, int h, int w, int kh, int kw,
      float[] cols, int colsOff, int ld) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    if (oh <= 0 || ow <= 0) {
      return;
    }
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          int row = colsOff + ((c * kh + ky) * kw + kx) * ld;
          for (int y = 0; y < oh; y++) {
            System.arraycopy(in, inOff + (c * h + y + ky) * w + kx, cols, row + y * ow, ow);
          }
        }
      }
    }
  }

  @Override
  public void addUnitStride(float[] cols, int colsOff, int ld, int channels, int h, int w, int kh,
      int kw, float[] out, int outOff) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          int row = colsOff + ((c * kh + ky) * kw + kx) * ld;
          for (int y = 0; y < oh; y++) {
            int dst = outOff + (c * h + y + ky) * w + kx;
            int src = row + y * ow;
            for (int x = 0; x < ow; x++) {
              out[dst + x] += cols[src + x];
            }
          }
        }
      }
    }
  }
}
