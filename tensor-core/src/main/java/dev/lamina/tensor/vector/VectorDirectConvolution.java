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
    int[] offsets = SCRATCH.get().offsets(taps);
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

  /**
   * Four consecutive filters (kernels from {@code w[wf]}, {@code taps} apart), two output rows at a
   * time: each tap's four weight broadcasts then feed eight accumulators instead of four (the
   * loads, not the FMAs, limited the one-row loop). Each output is still one FMA chain over the
   * taps in order. An odd last row runs alone.
   */
  private static void fourFilters(int width, int oh, int ow, int taps, int[] offsets, float[] x,
      int xOff, float[] w, int wf, float[] bias, int bf, float[] y, int yf) {
    int plane = oh * ow;
    int oy = 0;
    for (; oy + 1 < oh; oy += 2) {
      for (int x0 = 0; ; x0 += LANES) {
        x0 = Math.min(x0, ow - LANES);
        int at = xOff + oy * width + x0;
        int below = at + width;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector t0 = s0;
        FloatVector t1 = s0;
        FloatVector t2 = s0;
        FloatVector t3 = s0;
        for (int t = 0; t < taps; t++) {
          int o = offsets[t];
          FloatVector v = FloatVector.fromArray(SPECIES, x, at + o);
          FloatVector u = FloatVector.fromArray(SPECIES, x, below + o);
          int k = wf + t;
          FloatVector k0 = FloatVector.broadcast(SPECIES, w[k]);
          FloatVector k1 = FloatVector.broadcast(SPECIES, w[k + taps]);
          FloatVector k2 = FloatVector.broadcast(SPECIES, w[k + 2 * taps]);
          FloatVector k3 = FloatVector.broadcast(SPECIES, w[k + 3 * taps]);
          s0 = v.fma(k0, s0);
          s1 = v.fma(k1, s1);
          s2 = v.fma(k2, s2);
          s3 = v.fma(k3, s3);
          t0 = u.fma(k0, t0);
          t1 = u.fma(k1, t1);
          t2 = u.fma(k2, t2);
          t3 = u.fma(k3, t3);
        }
        int to = yf + oy * ow + x0;
        int next = to + ow;
        s0.add(bias[bf]).intoArray(y, to);
        s1.add(bias[bf + 1]).intoArray(y, to + plane);
        s2.add(bias[bf + 2]).intoArray(y, to + 2 * plane);
        s3.add(bias[bf + 3]).intoArray(y, to + 3 * plane);
        t0.add(bias[bf]).intoArray(y, next);
        t1.add(bias[bf + 1]).intoArray(y, next + plane);
        t2.add(bias[bf + 2]).intoArray(y, next + 2 * plane);
        t3.add(bias[bf + 3]).intoArray(y, next + 3 * plane);
        if (x0 + LANES >= ow) {
          break;
        }
      }
    }
    for (; oy < oh; oy++) {
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

  /**
   * The image and its output gradient are copied into per-thread scratch rows that share one row
   * stride (the image's width), the gradient zero past each output row and past its end. Then
   * {@code x[c, oy + ky, ox + kx]} sits at the gradient's own flat index plus a fixed offset per
   * tap, so each of {@link #TAP_BLOCK} taps is one flat FMA chain over the whole plane, fed by one
   * gradient vector per step. Lanes are summed in lane order.
   */
  @Override
  public void addKernelGradient(int channels, int height, int width, int filters, int kernelH,
      int kernelW, float[] x, int xOff, float[] g, int gOff, float[] dw, int dwOff) {
    int oh = height - kernelH + 1;
    int ow = width - kernelW + 1;
    int taps = channels * kernelH * kernelW;
    int length = (oh * width + LANES - 1) / LANES * LANES;
    int imageSize = channels * height * width;
    Scratch scratch = SCRATCH.get();
    float[] gp = scratch.gradient(filters * length);
    float[] xp = scratch.image(imageSize + length);
    System.arraycopy(x, xOff, xp, 0, imageSize);
    java.util.Arrays.fill(xp, imageSize, imageSize + length, 0f);
    java.util.Arrays.fill(gp, 0, filters * length, 0f);
    for (int f = 0; f < filters; f++) {
      for (int oy = 0; oy < oh; oy++) {
        System.arraycopy(g, gOff + (f * oh + oy) * ow, gp, f * length + oy * width, ow);
      }
    }
    int[] offsets = scratch.offsets(taps);
    for (int c = 0, t = 0; c < channels; c++) {
      for (int ky = 0; ky < kernelH; ky++) {
        for (int kx = 0; kx < kernelW; kx++, t++) {
          offsets[t] = (c * height + ky) * width + kx;
        }
      }
    }
    float[] lanes = scratch.lanes;
    for (int f = 0; f < filters; f++) {
      int gf = f * length;
      int t = 0;
      for (; t + TAP_BLOCK <= taps; t += TAP_BLOCK) {
        eightTaps(gp, gf, length, xp, offsets, t, lanes);
        for (int q = 0; q < TAP_BLOCK; q++) {
          dw[dwOff + f * taps + t + q] += DotProducts.laneSum(lanes, q);
        }
      }
      for (; t < taps; t++) {
        oneTap(gp, gf, length, xp, offsets[t], lanes);
        dw[dwOff + f * taps + t] += DotProducts.laneSum(lanes, 0);
      }
    }
  }

  /** Taps summed together in {@link #addKernelGradient}, sharing each gradient vector. */
  static final int TAP_BLOCK = 8;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static void eightTaps(float[] gp, int gf, int length, float[] xp, int[] offsets, int t,
      float[] lanes) {
    int o0 = offsets[t];
    int o1 = offsets[t + 1];
    int o2 = offsets[t + 2];
    int o3 = offsets[t + 3];
    int o4 = offsets[t + 4];
    int o5 = offsets[t + 5];
    int o6 = offsets[t + 6];
    int o7 = offsets[t + 7];
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    for (int p = 0; p < length; p += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, gp, gf + p);
      s0 = v.fma(FloatVector.fromArray(SPECIES, xp, o0 + p), s0);
      s1 = v.fma(FloatVector.fromArray(SPECIES, xp, o1 + p), s1);
      s2 = v.fma(FloatVector.fromArray(SPECIES, xp, o2 + p), s2);
      s3 = v.fma(FloatVector.fromArray(SPECIES, xp, o3 + p), s3);
      s4 = v.fma(FloatVector.fromArray(SPECIES, xp, o4 + p), s4);
      s5 = v.fma(FloatVector.fromArray(SPECIES, xp, o5 + p), s5);
      s6 = v.fma(FloatVector.fromArray(SPECIES, xp, o6 + p), s6);
      s7 = v.fma(FloatVector.fromArray(SPECIES, xp, o7 + p), s7);
    }
    s0.intoArray(lanes, 0);
    s1.intoArray(lanes, LANES);
    s2.intoArray(lanes, 2 * LANES);
    s3.intoArray(lanes, 3 * LANES);
    s4.intoArray(lanes, 4 * LANES);
    s5.intoArray(lanes, 5 * LANES);
    s6.intoArray(lanes, 6 * LANES);
    s7.intoArray(lanes, 7 * LANES);
  }

  private static void oneTap(float[] gp, int gf, int length, float[] xp, int offset,
      float[] lanes) {
    FloatVector s = FloatVector.zero(SPECIES);
    for (int p = 0; p < length; p += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, gp, gf + p);
      s = v.fma(FloatVector.fromArray(SPECIES, xp, offset + p), s);
    }
    s.intoArray(lanes, 0);
  }

  /** Per-thread copies of one image and its gradient, grown as needed. */
  private static final class Scratch {
    final float[] lanes = new float[TAP_BLOCK * LANES];
    private float[] gradient = new float[0];
    private float[] image = new float[0];
    private int[] offsets = new int[0];

    float[] gradient(int size) {
      if (gradient.length < size) {
        gradient = new float[size];
      }
      return gradient;
    }

    float[] image(int size) {
      if (image.length < size) {
        image = new float[size];
      }
      return image;
    }

    int[] offsets(int size) {
      if (offsets.length < size) {
        offsets = new int[size];
      }
      return offsets;
    }
  }
}
