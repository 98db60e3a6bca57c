package dev.lamina.tensor.vector;

import static dev.lamina.tensor.vector.VectorGemm.LANES;
import static dev.lamina.tensor.vector.VectorGemm.SPECIES;

import dev.lamina.tensor.compute.DirectConvolution;
import jdk.incubator.vector.FloatVector;

/**
 * {@link DirectConvolution} on the Vector API: one vector of adjacent output columns of
 * {@link #FILTER_BLOCK} filters at a time, so every input vector loaded feeds four FMAs. A row
 * narrower than a multiple of the vector length ends with a vector that overlaps the one before
 * (its columns are computed twice, identically) instead of a masked or scalar tail; rows narrower
 * than one vector go to the {@code fallback}.
 */
final class VectorDirectConvolution implements DirectConvolution {
  /** Filters computed together, sharing each input vector. */
  static final int FILTER_BLOCK = 4;

  private final DirectConvolution fallback;

  VectorDirectConvolution(DirectConvolution fallback) {
    this.fallback = fallback;
  }

  @Override
  public void convolve(int channels, int height, int width, int filters, int kernelH, int kernelW,
      float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y, int yOff) {
    int oh = height - kernelH + 1;
    int ow = width - kernelW + 1;
    if (ow < LANES) {
      fallback.convolve(channels, height, width, filters, kernelH, kernelW, x, xOff, w, wOff, bias,
          biasOff, y, yOff);
      return;
    }
    int taps = channels * kernelH * kernelW;
    // Where each tap (c, ky, kx) reads, relative to the output position: one flat loop over the
    // taps keeps the accumulators in registers (nested loops made C2 box them).
    int[] offsets = new int[taps];
    for (int c = 0, t = 0; c < channels; c++) {
      for (int ky = 0; ky < kernelH; ky++) {
        for (int kx = 0; kx < kernelW; kx++, t++) {
          offsets[t] = (c * height + ky) * width + kx;
        }
      }
    }
    int f = 0;
    for (; f + FILTER_BLOCK <= filters; f += FILTER_BLOCK) {
      fourFilters(width, oh, ow, taps, offsets, x, xOff, w, wOff + f * taps, bias, biasOff + f, y,
          yOff + f * oh * ow);
    }
    for (; f < filters; f++) {
      oneFilter(width, oh, ow, taps, offsets, x, xOff, w, wOff + f * taps, bias[biasOff + f], y,
          yOff + f * oh * ow);
    }
  }

  /** Four consecutive filters (kernels from {@code w[wf]}, {@code taps} apart). */
  private static void fourFilters(int width, int oh, int ow, int taps, int[] offsets, float[] x,
      int xOff, float[] w, int wf, float[] bias, int bf, float[] y, int yf) {
    int plane = oh * ow;
    for (int oy = 0; oy < oh; oy++) {
      for (int x0 = 0; ; x0 += LANES) {
        x0 = Math.min(x0, ow - LANES);
        int at = xOff + oy * width + x0;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int t = 0; t < taps; t++) {
          FloatVector v = FloatVector.fromArray(SPECIES, x, at + offsets[t]);
          int k = wf + t;
          s0 = v.fma(FloatVector.broadcast(SPECIES, w[k]), s0);
          s1 = v.fma(FloatVector.broadcast(SPECIES, w[k + taps]), s1);
          s2 = v.fma(FloatVector.broadcast(SPECIES, w[k + 2 * taps]), s2);
          s3 = v.fma(FloatVector.broadcast(SPECIES, w[k + 3 * taps]), s3);
        }
        int to = yf + oy * ow + x0;
        s0.add(bias[bf]).intoArray(y, to);
        s1.add(bias[bf + 1]).intoArray(y, to + plane);
        s2.add(bias[bf + 2]).intoArray(y, to + 2 * plane);
        s3.add(bias[bf + 3]).intoArray(y, to + 3 * plane);
        if (x0 + LANES >= ow) {
          break;
        }
      }
    }
  }

  /** One filter (kernel from {@code w[wf]}). */
  private static void oneFilter(int width, int oh, int ow, int taps, int[] offsets, float[] x,
      int xOff, float[] w, int wf, float bias, float[] y, int yf) {
    for (int oy = 0; oy < oh; oy++) {
      for (int x0 = 0; ; x0 += LANES) {
        x0 = Math.min(x0, ow - LANES);
        int at = xOff + oy * width + x0;
        FloatVector s = FloatVector.zero(SPECIES);
        for (int t = 0; t < taps; t++) {
          FloatVector v = FloatVector.fromArray(SPECIES, x, at + offsets[t]);
          s = v.fma(FloatVector.broadcast(SPECIES, w[wf + t]), s);
        }
        s.add(bias).intoArray(y, yf + oy * ow + x0);
        if (x0 + LANES >= ow) {
          break;
        }
      }
    }
  }
}
