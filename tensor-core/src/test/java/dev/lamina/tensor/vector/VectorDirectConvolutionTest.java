package dev.lamina.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Im2col;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.DirectConvolution;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VectorDirectConvolutionTest {
  private final DirectConvolution vector = new VectorBackend().directConvolution();
  private final DirectConvolution scalar = ComputeBackends.scalar().directConvolution();

  /** y = W · im2col(x) + bias in double: the reference both kernels must match. */
  private static double[] reference(int c, int h, int w, int f, int kh, int kw, float[] x, int xOff,
      float[] wts, int wOff, float[] bias) {
    ConvGeometry g = ConvGeometry.of(kh, kw, 1, 0);
    int plane = g.outputHeight(h) * g.outputWidth(w);
    int rows = c * kh * kw;
    float[] cols = new float[rows * plane];
    Im2col.im2col(x, xOff, c, h, w, g, cols, 0);
    double[] y = new double[f * plane];
    for (int i = 0; i < f; i++) {
      for (int p = 0; p < plane; p++) {
        double sum = bias[i];
        for (int r = 0; r < rows; r++) {
          sum += (double) wts[wOff + i * rows + r] * cols[r * plane + p];
        }
        y[i * plane + p] = sum;
      }
    }
    return y;
  }

  @ParameterizedTest(name = "C={0} {1}x{2} F={3} kernel {4}x{5}")
  @CsvSource({
      "1, 28, 28, 20, 5, 5", "1, 28, 28, 4, 3, 3", "2, 20, 17, 5, 3, 2", "3, 40, 40, 6, 3, 3",
      "1, 9, 40, 7, 1, 1", "2, 12, 12, 3, 5, 5", "1, 6, 6, 1, 6, 6"})
  void matchesTheUnfoldedProductAndTheScalarKernel(int c, int h, int w, int f, int kh, int kw) {
    SplittableRandom random = new SplittableRandom(c * 31L + f);
    int xOff = 3;
    int wOff = 5;
    float[] x = randoms(random, xOff + c * h * w); // exact: a read past the image throws
    float[] wts = randoms(random, wOff + f * c * kh * kw);
    float[] bias = randoms(random, f);
    double[] expected = reference(c, h, w, f, kh, kw, x, xOff, wts, wOff, bias);
    int yOff = 7;
    float[][] outputs = new float[2][];
    int which = 0;
    for (DirectConvolution kernel : new DirectConvolution[] {vector, scalar}) {
      float[] y = new float[yOff + expected.length + 4];
      java.util.Arrays.fill(y, Float.NaN);
      kernel.convolve(c, h, w, f, kh, kw, x, xOff, wts, wOff, bias, 0, y, yOff);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y[yOff + i], 1e-5 * (c * kh * kw + 1), kernel + " at " + i);
      }
      for (int i = 0; i < yOff; i++) {
        assertEquals(Float.NaN, y[i], "wrote before its output");
      }
      for (int i = yOff + expected.length; i < y.length; i++) {
        assertEquals(Float.NaN, y[i], "wrote past its output");
      }
      outputs[which++] = y;
    }
    assertArrayEquals(outputs[1], outputs[0], "the same fused multiply-adds in the same order");
  }

  @ParameterizedTest(name = "C={0} {1}x{2} F={3} kernel {4}x{5}")
  @CsvSource({
      "1, 28, 28, 20, 5, 5", "1, 28, 28, 4, 3, 3", "2, 20, 17, 5, 3, 2", "3, 11, 9, 9, 3, 3",
      "1, 9, 40, 7, 1, 1", "2, 12, 12, 3, 5, 5", "1, 6, 6, 1, 6, 6"})
  void addsTheKernelGradientOfTheUnfoldedProduct(int c, int h, int w, int f, int kh, int kw) {
    SplittableRandom random = new SplittableRandom(c * 17L + f);
    int xOff = 2;
    int gOff = 3;
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    int taps = c * kh * kw;
    float[] x = randoms(random, xOff + c * h * w); // exact: a read past the image throws
    float[] g = randoms(random, gOff + f * oh * ow);
    float[] start = randoms(random, 1 + f * taps);
    double[] expected = new double[f * taps];
    for (int i = 0; i < f; i++) {
      for (int ch = 0, t = 0; ch < c; ch++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++, t++) {
            double sum = start[1 + i * taps + t];
            for (int oy = 0; oy < oh; oy++) {
              for (int ox = 0; ox < ow; ox++) {
                sum += (double) g[gOff + (i * oh + oy) * ow + ox]
                    * x[xOff + (ch * h + oy + ky) * w + ox + kx];
              }
            }
            expected[i * taps + t] = sum;
          }
        }
      }
    }
    for (DirectConvolution kernel : new DirectConvolution[] {vector, scalar}) {
      float[] dw = start.clone();
      kernel.addKernelGradient(c, h, w, f, kh, kw, x, xOff, g, gOff, dw, 1);
      assertEquals(start[0], dw[0], "wrote before its output");
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], dw[1 + i], 1e-5 * (oh * ow + 1), kernel + " at " + i);
      }
    }
  }

  private static float[] randoms(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
