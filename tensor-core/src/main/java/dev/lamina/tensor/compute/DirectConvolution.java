package dev.lamina.tensor.compute;

/**
 * A convolution computed straight from the image, without unfolding it into columns first: for
 * few input channels and small kernels (a network's first layer) this beats im2col + GEMM, whose
 * product is then too thin to pay for writing, packing and rearranging the columns.
 *
 * <p>Stride 1, no padding: for one image {@code x} ({@code [C, H, W]} from {@code x[xOff]}) and
 * kernel {@code w} ({@code [F, C, KH, KW]} from {@code w[wOff]}), writes
 * {@code y[f, oy, ox] = Σ_c Σ_ky Σ_kx w[f, c, ky, kx] · x[c, oy + ky, ox + kx] + bias[f]}
 * ({@code [F, H - KH + 1, W - KW + 1]} from {@code y[yOff]}, overwritten). The sum runs over
 * {@code (c, ky, kx)} in increasing order and the bias comes last, so results do not depend on
 * the thread that computes an image (implementations use fused multiply-adds, so they agree
 * bitwise). The kernel must fit in the image ({@code KH <= H}, {@code KW <= W}) and {@code y} must
 * not overlap {@code x}, {@code w} or {@code bias}. Only {@code y} is modified.
 */
public interface DirectConvolution {
  void convolve(int channels, int height, int width, int filters, int kernelH, int kernelW,
      float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y, int yOff);

  /**
   * Adds one image's kernel gradient, again without columns:
   * {@code dw[f, c, ky, kx] += Σ_oy Σ_ox g[f, oy, ox] · x[c, oy + ky, ox + kx]} for the image
   * {@code x} ({@code [C, H, W]} from {@code x[xOff]}) and the gradient of its output {@code g}
   * ({@code [F, OH, OW]} from {@code g[gOff]}), into {@code dw} ({@code [F, C, KH, KW]} from
   * {@code dw[dwOff]}). Each element's sum runs in an order fixed by the shapes alone (it may
   * differ between implementations). {@code x} is expected to be finite. Only {@code dw} is
   * modified.
   */
  void addKernelGradient(int channels, int height, int width, int filters, int kernelH,
      int kernelW, float[] x, int xOff, float[] g, int gOff, float[] dw, int dwOff);
}
