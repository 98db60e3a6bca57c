package dev.lamina.tensor.compute;

/** {@link DirectConvolution} in plain loops: the portable reference. */
final class ScalarDirectConvolution implements DirectConvolution {
  @Override
  public void convolve(int channels, int height, int width, int filters, int kernelH, int kernelW,
      float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y, int yOff) {
    int oh = height - kernelH + 1;
    int ow = width - kernelW + 1;
    for (int f = 0; f < filters; f++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float sum = 0f;
          int tap = wOff + f * channels * kernelH * kernelW;
          for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernelH; ky++) {
              int row = xOff + (c * height + oy + ky) * width + ox;
              for (int kx = 0; kx < kernelW; kx++) {
                sum = Math.fma(w[tap++], x[row + kx], sum);
              }
            }
          }
          y[yOff + (f * oh + oy) * ow + ox] = sum + bias[biasOff + f];
        }
      }
    }
  }

  @Override
  public void addKernelGradient(int channels, int height, int width, int filters, int kernelH,
      int kernelW, float[] x, int xOff, float[] g, int gOff, float[] dw, int dwOff) {
    int oh = height - kernelH + 1;
    int ow = width - kernelW + 1;
    int tap = dwOff;
    for (int f = 0; f < filters; f++) {
      int plane = gOff + f * oh * ow;
      for (int c = 0; c < channels; c++) {
        for (int ky = 0; ky < kernelH; ky++) {
          for (int kx = 0; kx < kernelW; kx++, tap++) {
            float sum = 0f;
            for (int oy = 0; oy < oh; oy++) {
              int row = xOff + (c * height + oy + ky) * width + kx;
              int gRow = plane + oy * ow;
              for (int ox = 0; ox < ow; ox++) {
                sum = Math.fma(g[gRow + ox], x[row + ox], sum);
              }
            }
            dw[tap] += sum;
          }
        }
      }
    }
  }
}
