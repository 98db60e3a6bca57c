package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class Im2colTest {
  static Stream<Arguments> geometries() {
    // n, c, h, w, filters, kh, kw, stride, pad
    return Stream.of(
        Arguments.of(1, 1, 28, 28, 4, 3, 3, 1, 0),
        Arguments.of(2, 3, 7, 5, 2, 3, 3, 2, 1),
        Arguments.of(3, 2, 6, 9, 3, 2, 4, 1, 2),
        Arguments.of(1, 4, 5, 5, 1, 5, 5, 1, 0),
        Arguments.of(2, 1, 8, 8, 2, 3, 3, 3, 1));
  }

  private static Tensor random(SplittableRandom r, int... dims) {
    Tensor t = Tensor.zeros(dims);
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, (float) r.nextDouble(-1, 1));
    }
    return t;
  }

  /** The convolution the textbook way: one output at a time. */
  private static double direct(Tensor x, Tensor w, int n, int f, int oy, int ox, ConvGeometry g) {
    double s = 0;
    for (int c = 0; c < x.dim(1); c++) {
      for (int ky = 0; ky < g.kernelH(); ky++) {
        for (int kx = 0; kx < g.kernelW(); kx++) {
          int iy = oy * g.strideH() - g.padH() + ky;
          int ix = ox * g.strideW() - g.padW() + kx;
          if (iy >= 0 && iy < x.dim(2) && ix >= 0 && ix < x.dim(3)) {
            s += (double) x.get(n, c, iy, ix) * w.get(f, c, ky, kx);
          }
        }
      }
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void im2colTimesKernelsIsTheConvolution(int n, int c, int h, int w, int filters, int kh, int kw,
      int stride, int pad) {
    SplittableRandom r = new SplittableRandom(7);
    ConvGeometry g = ConvGeometry.of(kh, kw, stride, pad);
    Tensor x = random(r, n, c, h, w);
    Tensor kernels = random(r, filters, c, kh, kw);
    Tensor cols = Im2col.im2col(x, g);
    int oh = g.outputHeight(h);
    int ow = g.outputWidth(w);
    Tensor wMat = kernels.reshape(filters, c * kh * kw);
    for (int i = 0; i < n; i++) {
      Tensor out = wMat.matmul(cols.slice(i, i + 1).reshape(c * kh * kw, oh * ow));
      for (int f = 0; f < filters; f++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            assertEquals(direct(x, kernels, i, f, y, xx, g), out.get(f, y * ow + xx), 1e-4);
          }
        }
      }
    }
  }

  /** col2im is the adjoint of im2col: <im2col(x), y> = <x, col2im(y)> for all x, y. */
  @ParameterizedTest
  @MethodSource("geometries")
  void col2imIsTheAdjointOfIm2col(int n, int c, int h, int w, int filters, int kh, int kw,
      int stride, int pad) {
    SplittableRandom r = new SplittableRandom(11);
    ConvGeometry g = ConvGeometry.of(kh, kw, stride, pad);
    Tensor x = random(r, n, c, h, w);
    Tensor cols = Im2col.im2col(x, g);
    Tensor y = random(r, cols.shape().dims());
    Tensor back = Im2col.col2im(y, Shape.of(c, h, w), g);
    double lhs = 0;
    double rhs = 0;
    for (int i = 0; i < cols.size(); i++) {
      lhs += (double) cols.getFlat(i) * y.getFlat(i);
    }
    for (int i = 0; i < x.size(); i++) {
      rhs += (double) x.getFlat(i) * back.getFlat(i);
    }
    assertEquals(lhs, rhs, 1e-3 * Math.max(1, Math.abs(lhs)));
  }

  @Test
  void paddingEntriesAreZero() {
    Tensor x = Tensor.filled(Shape.of(1, 1, 2, 2), 1);
    Tensor cols = Im2col.im2col(x, ConvGeometry.of(3, 3, 1, 1));
    // output 2x2; the kernel's top-left tap sees padding except at output (1, 1)
    assertEquals(Shape.of(1, 9, 4), cols.shape());
    assertArrayEquals(new float[] {0, 0, 0, 1}, cols.reshape(9, 4).slice(0, 1).toArray());
    // the centre tap sees every pixel
    assertArrayEquals(new float[] {1, 1, 1, 1}, cols.reshape(9, 4).slice(4, 5).toArray());
  }

  @Test
  void outputSizeFollowsTheFormulaAndRejectsImpossibleKernels() {
    ConvGeometry g = ConvGeometry.of(3, 3, 2, 1);
    assertEquals(14, g.outputHeight(28));
    assertEquals(4, g.outputWidth(7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvGeometry.of(5, 5, 1, 0).outputHeight(3));
    assertTrue(e.getMessage().startsWith("invalid output size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(0, 3, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(3, 3, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(3, 3, 1, -1));
  }

  /** {@code 5 + 2 x MAX_VALUE} once wrapped around to 3, a 3x3 kernel's "output" of 1. */
  @Test
  void aHugePaddingDoesNotWrapAroundToASmallOutput() {
    IllegalArgumentException wrapped = assertThrows(IllegalArgumentException.class,
        () -> ConvGeometry.of(3, 3, 1, Integer.MAX_VALUE).outputHeight(5));
    assertEquals("invalid output size: the output height 4294967297 is larger than 2147483647"
        + " (5 + 2 x 2147483647 padding, kernel 3, stride 1)", wrapped.getMessage());

    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> ConvGeometry.of(1, 1, 1, 1).outputWidth(Integer.MAX_VALUE));
    assertTrue(negative.getMessage().startsWith("invalid output size: the output width"),
        negative.getMessage());

    assertEquals(2_000_000_003, ConvGeometry.of(3, 3, 1, 1_000_000_000).outputHeight(5));
    assertThrows(IllegalArgumentException.class,
        () -> Im2col.im2col(Tensor.zeros(1, 1, 5, 5), ConvGeometry.of(3, 3, 1, Integer.MAX_VALUE)));
  }

  @Test
  void aNonPositiveInputSizeIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvGeometry.of(3, 3, 1, 2).outputHeight(-5));
    assertEquals("invalid input size: the input height must be positive, got -5", e.getMessage());
  }
}
