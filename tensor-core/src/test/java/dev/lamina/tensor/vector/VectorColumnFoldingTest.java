package dev.lamina.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.compute.ColumnFolding;
import dev.lamina.tensor.compute.ComputeBackends;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VectorColumnFoldingTest {
  private static final float[] SPECIALS = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
      Float.MAX_VALUE, -Float.MAX_VALUE};

  // The formula tests' image and kernel: two 5×6 channels, a 2×3 kernel, column rows 3 apart
  // more than their entries need.
  private static final int CHANNELS = 2;
  private static final int H = 5;
  private static final int W = 6;
  private static final int KH = 2;
  private static final int KW = 3;
  private static final int OH = H - KH + 1;
  private static final int OW = W - KW + 1;
  private static final int LD = OH * OW + 3;

  private final ColumnFolding vector = new VectorBackend().columnFolding();
  private final ColumnFolding scalar = ComputeBackends.scalar().columnFolding();

  /**
   * Image widths around the vector widths (rows of part of a vector, of whole vectors, of a vector
   * and a part), kernels from 1×1 to wider than tall, and rows whose last load ends on the image's
   * last pixel: channels, height, width, kernel height, kernel width.
   */
  static Stream<Arguments> geometries() {
    int[][] all = {
        {1, 1, 1, 1, 1}, {1, 3, 3, 3, 3}, {2, 12, 12, 5, 5}, {20, 12, 12, 5, 5}, {3, 28, 28, 5, 5},
        {2, 9, 4, 2, 2}, {2, 6, 17, 3, 5}, {1, 5, 8, 1, 8}, {2, 7, 16, 2, 1}, {2, 6, 33, 3, 2},
        {1, 4, 64, 2, 3}, {1, 3, 65, 1, 2}, {2, 10, 7, 4, 7}, {1, 2, 100, 2, 9}, {1, 1, 40, 1, 2},
        {2, 6, 8, 2, 1}, {2, 6, 4, 2, 1}};
    return Arrays.stream(all).map(g -> Arguments.of(g[0], g[1], g[2], g[3], g[4]));
  }

  /** The scalar kernel against the contract's formula, pixel by pixel. */
  @Test
  void theScalarKernelAddsEveryEntryOntoThePixelUnderIt() {
    SplittableRandom random = new SplittableRandom(1);
    float[] cols = new float[1 + CHANNELS * KH * KW * LD];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = random.nextInt(-8, 9);
    }
    float[] out = new float[CHANNELS * H * W];
    double[] expected = new double[out.length];
    for (int c = 0; c < CHANNELS; c++) {
      for (int iy = 0; iy < H; iy++) {
        for (int ix = 0; ix < W; ix++) {
          for (int ky = 0; ky < KH; ky++) {
            for (int kx = 0; kx < KW; kx++) {
              int y = iy - ky;
              int x = ix - kx;
              if (y >= 0 && y < OH && x >= 0 && x < OW) {
                expected[(c * H + iy) * W + ix] +=
                    cols[1 + ((c * KH + ky) * KW + kx) * LD + y * OW + x];
              }
            }
          }
        }
      }
    }
    scalar.addUnitStride(cols, 1, LD, CHANNELS, H, W, KH, KW, out, 0);
    for (int i = 0; i < out.length; i++) {
      assertEquals(expected[i], out[i], "pixel " + i);
    }
  }

  /**
   * Image widths around the vector widths (rows of part of a vector, of whole vectors, of a vector
   * and a part), kernels from 1×1 to wider than tall, a wide column matrix read at an offset,
   * special values and a -0 in every pixel around the image: the same bits as the scalar kernel,
   * and the columns unchanged. The image is the middle one of three, so pixels follow it (a vector
   * writing them back unchanged cannot be seen here; the threaded test below covers that). Then
   * the last image of an array that ends with it, and a column matrix that ends where the last
   * reads may: any access past either would throw.
   */
  @ParameterizedTest(name = "c={0} {1}x{2} kernel {3}x{4}")
  @MethodSource("geometries")
  void theVectorKernelGivesTheScalarKernelsBits(int channels, int h, int w, int kh, int kw) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    int rows = channels * kh * kw;
    int ld = oh * ow + 5;
    int colsOff = 3;
    SplittableRandom random = new SplittableRandom(31L * h + w);
    float[] cols = values(random, colsOff + (rows - 1) * ld + oh * ow);
    int image = channels * h * w;
    float[] around = values(random, 3 * image);
    for (int i = 0; i < around.length; i++) {
      if (i < image || i >= 2 * image) {
        around[i] = -0f;
      }
    }
    float[] fromVector = around.clone();
    float[] fromScalar = around.clone();
    float[] colsBefore = cols.clone();
    vector.addUnitStride(cols, colsOff, ld, channels, h, w, kh, kw, fromVector, image);
    assertSameBits(colsBefore, cols);
    scalar.addUnitStride(cols, colsOff, ld, channels, h, w, kh, kw, fromScalar, image);
    assertSameBits(fromScalar, fromVector);
    for (int i = 0; i < image; i++) {
      assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(fromVector[i]), "before");
      assertEquals(Float.floatToRawIntBits(-0f),
          Float.floatToRawIntBits(fromVector[2 * image + i]), "after");
    }
    // the last image of an array that ends with it
    float[] last = values(random, 2 * image);
    float[] lastFromVector = last.clone();
    scalar.addUnitStride(cols, colsOff, ld, channels, h, w, kh, kw, last, image);
    vector.addUnitStride(cols, colsOff, ld, channels, h, w, kh, kw, lastFromVector, image);
    assertSameBits(last, lastFromVector);
  }

  /**
   * The scalar unfold against the contract's formula; entries not the image's stay as they were.
   */
  @Test
  void theScalarUnfoldCopiesEveryPixelUnderTheKernelIntoItsColumn() {
    float[] in = values(new SplittableRandom(2), CHANNELS * H * W);
    float[] cols = new float[1 + CHANNELS * KH * KW * LD];
    Arrays.fill(cols, -0f);
    float[] expected = cols.clone();
    for (int c = 0; c < CHANNELS; c++) {
      for (int ky = 0; ky < KH; ky++) {
        for (int kx = 0; kx < KW; kx++) {
          for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
              expected[1 + ((c * KH + ky) * KW + kx) * LD + y * OW + x] =
                  in[(c * H + y + ky) * W + x + kx];
            }
          }
        }
      }
    }
    scalar.unfoldUnitStride(in, 0, CHANNELS, H, W, KH, KW, cols, 1, LD);
    assertSameBits(expected, cols);
  }

  /**
   * The vector unfold gives the scalar one's bits on the same geometries, with the image's columns
   * beside other images' (a wide matrix at an offset): the images are unfolded last to first, so a
   * vector reaching into the next image's entries would overwrite them, and the entries around the
   * matrix's rows keep their values. The image is the last of an array that ends with it, so a load
   * past it would throw.
   */
  @ParameterizedTest(name = "c={0} {1}x{2} kernel {3}x{4}")
  @MethodSource("geometries")
  void theVectorUnfoldGivesTheScalarUnfoldsBits(int channels, int h, int w, int kh, int kw) {
    int plane = (h - kh + 1) * (w - kw + 1);
    int images = 3;
    int ld = images * plane + 5;
    int colsOff = 3;
    int image = channels * h * w;
    SplittableRandom random = new SplittableRandom(17L * h + w);
    float[] in = values(random, images * image);
    float[] fromScalar = values(random, colsOff + channels * kh * kw * ld);
    float[] fromVector = fromScalar.clone();
    float[] inBefore = in.clone();
    for (int i = images - 1; i >= 0; i--) {
      scalar.unfoldUnitStride(in, i * image, channels, h, w, kh, kw, fromScalar,
          colsOff + i * plane, ld);
      vector.unfoldUnitStride(in, i * image, channels, h, w, kh, kw, fromVector,
          colsOff + i * plane, ld);
    }
    assertSameBits(fromScalar, fromVector);
    assertSameBits(inBefore, in);
  }

  /** An empty output (a kernel larger than the image) writes nothing, in either kernel. */
  @Test
  void aKernelLargerThanTheImageUnfoldsNothing() {
    float[] in = values(new SplittableRandom(3), 4);
    float[] cols = values(new SplittableRandom(4), 16);
    float[] before = cols.clone();
    for (ColumnFolding kernel : new ColumnFolding[] {vector, scalar}) {
      kernel.unfoldUnitStride(in, 0, 1, 2, 2, 3, 3, cols, 0, 4);
      kernel.unfoldUnitStride(in, 0, 1, 2, 2, 1, 3, cols, 0, 4);
      kernel.unfoldUnitStride(in, 0, 1, 2, 2, 3, 1, cols, 0, 4);
      kernel.unfoldUnitStride(in, 0, 1, 2, 2, 1, 4, cols, 0, 4);
    }
    assertSameBits(before, cols);
  }

  /**
   * Threads folding neighbouring images at the same time, as the convolution's backward pass does:
   * the vector rows that reach past their row must never write back a stale copy of the next
   * image's pixels. Many small images, folded many times, against a single-threaded scalar fold.
   */
  @Test
  void neighbouringImagesCanBeFoldedAtTheSameTime() throws Exception {
    int channels = 2;
    int h = 6;
    int w = 6;
    int k = 3;
    int images = 64;
    int plane = (h - k + 1) * (w - k + 1);
    int ld = images * plane;
    int image = channels * h * w;
    SplittableRandom random = new SplittableRandom(7);
    float[] cols = new float[channels * k * k * ld];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = random.nextInt(1, 9);
    }
    float[] expected = new float[images * image];
    for (int i = 0; i < images; i++) {
      scalar.addUnitStride(cols, i * plane, ld, channels, h, w, k, k, expected, i * image);
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        float[] out = new float[images * image];
        CyclicBarrier start = new CyclicBarrier(threads);
        Future<?>[] done = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
          int first = t;
          done[t] = pool.submit(() -> {
            start.await();
            // thread t takes images t, t + threads, ...: every image's neighbours are another's
            for (int i = first; i < images; i += threads) {
              vector.addUnitStride(cols, i * plane, ld, channels, h, w, k, k, out, i * image);
            }
            return null;
          });
        }
        for (Future<?> f : done) {
          f.get();
        }
        assertSameBits(expected, out);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static float[] values(SplittableRandom random, int n) {
    return SpecialValues.gaussianWith(random, n, SPECIALS, 6);
  }


  /**
   * The same bits, where every NaN counts as one: which NaN a sum of NaNs or of opposite infinities
   * gives depends on the order the JIT puts the operands in, for the scalar loop too.
   */
  private static void assertSameBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
          "at " + i);
    }
  }
}
