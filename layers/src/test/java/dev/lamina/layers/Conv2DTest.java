package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv2DTest {
  private final int threads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(threads);
  }

  private static Conv2D built(Conv2D conv, Shape input, long seed) {
    conv.build(input, new SplittableRandom(seed));
    conv.bias().value()
        .copyFrom(GradientChecker.randomLike(conv.bias().shape(), new SplittableRandom(seed)));
    return conv;
  }

  /**
   * The textbook loops:
   * out[n, f, y, x] = b[f] + Σ w[f, c, ky, kx] · in[n, c, y·s - p + ky, x·s - p + kx].
   */
  private static Tensor direct(Conv2D conv, Tensor in) {
    int n = in.dim(0);
    int c = in.dim(1);
    int h = in.dim(2);
    int w = in.dim(3);
    Shape out = conv.outputShape(in.shape().dropFirst());
    Tensor y = Tensor.zeros(out.prepend(n));
    Tensor k = conv.kernel().value();
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < conv.filters(); f++) {
        for (int oy = 0; oy < out.dim(1); oy++) {
          for (int ox = 0; ox < out.dim(2); ox++) {
            double s = conv.bias().value().getFlat(f);
            for (int ch = 0; ch < c; ch++) {
              for (int ky = 0; ky < conv.kernelHeight(); ky++) {
                for (int kx = 0; kx < conv.kernelWidth(); kx++) {
                  int iy = oy * conv.stride() - conv.padding() + ky;
                  int ix = ox * conv.stride() - conv.padding() + kx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    s += k.get(f, ch, ky, kx) * in.get(i, ch, iy, ix);
                  }
                }
              }
            }
            y.set((float) s, i, f, oy, ox);
          }
        }
      }
    }
    return y;
  }

  @ParameterizedTest
  @CsvSource({"1, 3, 3, 1, 0, 1, 7, 7", "3, 3, 3, 2, 1, 2, 7, 9", "2, 2, 4, 1, 1, 3, 5, 6",
      "4, 5, 5, 3, 2, 1, 8, 8"})
  void matchesADirectConvolution(int filters, int kh, int kw, int stride, int pad, int c, int h,
      int w) {
    Conv2D conv = built(Conv2D.builder(filters).kernel(kh, kw).stride(stride).padding(pad).build(),
        Shape.of(c, h, w), 5);
    Tensor x = SequentialTest.randomBatch(Shape.of(c, h, w), 3, 9);

    Tensor got = conv.forward(x, false).output();
    Tensor want = direct(conv, x);

    assertEquals(want.shape(), got.shape());
    assertArrayEquals(want.toArray(), got.toArray(), 1e-4f);
    assertEquals(got, conv.forward(x, true).output());
  }

  @Test
  void notebookGeometry() {
    assertEquals(Shape.of(4, 26, 26), new Conv2D(4, 3).outputShape(Shape.of(1, 28, 28)));
    assertEquals(Shape.of(8, 14, 14),
        Conv2D.builder(8).kernel(3).stride(2).padding(1).build().outputShape(Shape.of(3, 28, 28)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "through columns (stride 2; dx through col2im), 3, 9, 8, 2, 1, 5, 5, 4",
      "direct (rows wider than a vector; dot-product kernel gradient), 1, 30, 40, 1, 0, 5, 28, 38"})
  void gradientsAreBitwiseIdenticalForAnyThreadCount(String path, int c, int h, int w, int stride,
      int padding, int outC, int outH, int outW) {
    Shape in = Shape.of(c, h, w);
    Tensor x = SequentialTest.randomBatch(in, 7, 2);
    Tensor g = SequentialTest.randomBatch(Shape.of(outC, outH, outW), 7, 3);
    Tensor[] first = null;
    for (int t : new int[] {1, 2, 3, 5}) {
      Parallel.setThreads(t);
      Conv2D conv =
          built(Conv2D.builder(outC).kernel(3).stride(stride).padding(padding).build(), in, 11);
      Forward f = conv.forward(x, true);
      Tensor dx = f.backward(g);
      Conv2D asFirstLayer =
          built(Conv2D.builder(outC).kernel(3).stride(stride).padding(padding).build(), in, 11);
      asFirstLayer.forward(x, true).backwardParameters(g);
      Tensor[] now = {f.output(), dx, conv.kernel().gradient(), conv.bias().gradient(),
          asFirstLayer.kernel().gradient(), asFirstLayer.bias().gradient()};
      if (first == null) {
        first = now;
      } else {
        for (int i = 0; i < now.length; i++) {
          assertEquals(first[i], now[i], "result " + i + " with " + t + " threads");
        }
      }
    }
  }

  /**
   * Inference goes through columns a group of images at a time: with small images each thread
   * takes whole groups (8×12×12 images through 5×5 kernels: 10 images' columns per group), with
   * large ones every thread works on each group (3×80×80 padded: 6 images per group), and so do
   * layers whose product outgrows their columns (192 filters over 9 column rows: 6 images per
   * group, bounded by the product). Any batch size and thread count gives the bits of a training
   * pass over the whole batch at once.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "small images (a group per thread), 8, 12, 5, 0, 6",
      "large images (threads share a group), 3, 80, 3, 1, 6",
      "many filters (the product bounds the group), 1, 28, 3, 1, 192"})
  void inferenceInGroupsOfImagesGivesTheBitsOfATrainingPass(String images, int c, int size,
      int kernel, int padding, int filters) {
    Shape in = Shape.of(c, size, size);
    for (int n : new int[] {1, 2, 7, 13, 31, 64}) {
      Tensor x = SequentialTest.randomBatch(in, n, n);
      Tensor expected = null;
      for (int t : new int[] {1, 2, 3, 5}) {
        Parallel.setThreads(t);
        Conv2D conv =
            built(Conv2D.builder(filters).kernel(kernel).padding(padding).build(), in, 4);
        if (expected == null) {
          expected = conv.forward(x, true).output();
        }
        assertEquals(expected, conv.forward(x, false).output(), n + " images, " + t + " threads");
        assertEquals(expected, conv.forward(x, false).output(), "again, reusing the buffers");
      }
    }
  }

  @Test
  void aParametersOnlyPassOfADirectConvolutionAddsTheSameGradients() {
    Shape in = Shape.of(2, 20, 30);
    Tensor x = SequentialTest.randomBatch(in, 5, 4);
    Tensor g = SequentialTest.randomBatch(Shape.of(6, 18, 28), 5, 5);
    Conv2D full = built(new Conv2D(6, 3), in, 13);
    Conv2D parametersOnly = built(new Conv2D(6, 3), in, 13);

    full.forward(x, true).backward(g);
    parametersOnly.forward(x, true).backwardParameters(g);

    assertArrayEquals(full.kernel().gradient().toArray(),
        parametersOnly.kernel().gradient().toArray(), 1e-4f);
    assertArrayEquals(full.bias().gradient().toArray(),
        parametersOnly.bias().gradient().toArray(), 1e-4f);
  }

  @Test
  void gradientsAccumulateUntilZeroed() {
    Conv2D conv = built(new Conv2D(2, 3), Shape.of(1, 5, 5), 1);
    Tensor x = SequentialTest.randomBatch(Shape.of(1, 5, 5), 2, 1);
    Tensor g = Tensor.filled(Shape.of(2, 2, 3, 3), 1f);
    conv.forward(x, true).backward(g);
    Tensor once = conv.kernel().gradient().copy();

    conv.forward(x, true).backward(g);

    assertArrayEquals(once.scale(2f).toArray(), conv.kernel().gradient().toArray(), 1e-5f);
    assertEquals(2 * 2 * 3 * 3 * 2, conv.bias().gradient().sum(), 1e-4f);
  }

  @Test
  void forwardBeforeBuildNamesTheLayer() {
    Conv2D conv = new Conv2D(2, 3);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> conv.forward(Tensor.zeros(1, 1, 5, 5), false));
    assertTrue(e.getMessage().startsWith(
        "Conv2D(filters=2, kernel=3x3, stride=1, padding=0) is not built"),
        e.getMessage());
  }

  @Test
  void rejectsABatchWithOtherChannelsThanItWasBuiltFor() {
    Conv2D conv = built(new Conv2D(2, 3), Shape.of(1, 5, 5), 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(1, 2, 5, 5), false));
    assertTrue(e.getMessage().contains("expected [batch, 1, 5, 5], got [1, 2, 5, 5]"),
        e.getMessage());
  }

  /**
   * A 100x100 kernel padded by 99 unfolds one 1x1 image into 10,000 x 10,000 floats; 22 images
   * are more than an array holds, which once wrapped around to a negative array size.
   */
  @Test
  void aBatchWhoseColumnsExceedAnArrayIsRejectedNamingTheLayer() {
    Conv2D conv = built(Conv2D.builder(1).kernel(100).padding(99).build(), Shape.of(1, 1, 1), 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(22, 1, 1, 1), true));
    assertEquals("Conv2D(filters=1, kernel=100x100, stride=1, padding=99): the column matrix of a"
        + " batch of 22 would hold 2200000000 floats (10000 rows x 22 x 10000 output positions),"
        + " more than a Java array holds; use batches of at most 21", e.getMessage());
  }

  @Test
  void anImageWhoseColumnsExceedAnArrayIsRejectedInInferenceToo() {
    Sequential model =
        Sequential.of(Shape.of(1, 1, 1), Conv2D.builder(1).kernel(1000).padding(999).build());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(Tensor.zeros(1, 1, 1, 1)));
    assertTrue(e.getMessage().endsWith("the column matrix of one image would hold 1000000000000"
        + " floats (1000000 rows x 1 x 1000000 output positions), more than a Java array holds;"
        + " use a smaller kernel, padding or input"), e.getMessage());
  }

  @Test
  void exposesItsConfiguration() {
    Conv2D conv = Conv2D.builder(6).kernel(5, 3).stride(2).padding(1)
        .weightInit(WeightInit.XAVIER).biasInit(WeightInit.NOTEBOOK_NORMAL).build();
    conv.build(Shape.of(3, 9, 9), new SplittableRandom(1));

    assertEquals(6, conv.filters());
    assertEquals(5, conv.kernelHeight());
    assertEquals(3, conv.kernelWidth());
    assertEquals(2, conv.stride());
    assertEquals(1, conv.padding());
    assertEquals(3, conv.channels());
    assertEquals(WeightInit.XAVIER, conv.weightInit());
    assertEquals(WeightInit.NOTEBOOK_NORMAL, conv.biasInit());
    assertEquals(Shape.of(6, 3, 5, 3), conv.kernel().shape());
    assertTrue(conv.bias().value().max() != 0f);
  }
}
