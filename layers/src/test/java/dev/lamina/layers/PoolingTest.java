package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolingTest {
  /** One 4x4 plane: 0 1 2 3 / 4 5 6 7 / 8 9 10 11 / 12 13 14 15. */
  private static final Tensor PLANE =
      Tensor.of(Shape.of(1, 1, 4, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

  @Test
  void maxPoolTakesTheLargestAndRoutesTheGradientToIt() {
    Forward f = new MaxPool2D(2).forward(PLANE, true);

    assertArrayEquals(new float[] {5, 7, 13, 15}, f.output().toArray());
    float[] dx = f.backward(Tensor.of(Shape.of(1, 1, 2, 2), 1, 2, 3, 4)).toArray();
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, dx);
  }

  /**
   * As in PyTorch (values and gradients from {@code F.max_pool2d}, 1.13): every window holding a
   * NaN gives NaN, and its gradient goes to the window's last NaN. The 2x2 stride-2 pool runs
   * the 2x2 kernels, the stride-1 one the general loop.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void maxPoolGivesNaNForAWindowWithANaNAndRoutesItsGradientToTheLastNaN(boolean training) {
    float nan = Float.NaN;
    Tensor x = Tensor.of(Shape.of(1, 1, 2, 4), 1, nan, nan, 3, 0, 0, 1, nan);

    Forward halving = new MaxPool2D(2).forward(x, training);
    assertArrayEquals(new float[] {nan, nan}, halving.output().toArray());
    assertArrayEquals(new float[] {0, 5, 0, 0, 0, 0, 0, 7},
        halving.backward(Tensor.of(Shape.of(1, 1, 1, 2), 5, 7)).toArray());
    Forward overlapping = new MaxPool2D(2, 1, 0).forward(x, training);
    assertArrayEquals(new float[] {nan, nan, nan}, overlapping.output().toArray());
    assertArrayEquals(new float[] {0, 2, 3, 0, 0, 0, 0, 4},
        overlapping.backward(Tensor.of(Shape.of(1, 1, 1, 3), 2, 3, 4)).toArray());
  }

  @Test
  void maxPoolInferenceGivesTheTrainingValuesAndStillHasAGradient() {
    // ties, NaNs first and later in their windows, and signed zeros
    Tensor x = Tensor.of(Shape.of(1, 1, 2, 6),
        1, 1, Float.NaN, 2, -0f, 0f, 1, 0, 3, Float.NaN, 0f, -0f);
    MaxPool2D pool = new MaxPool2D(2);

    Forward training = pool.forward(x, true);
    Forward inference = pool.forward(x, false);

    float[] expected = training.output().toArray();
    float[] actual = inference.output().toArray();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          "at " + i);
    }
    Tensor g = Tensor.of(Shape.of(1, 1, 1, 3), 1, 2, 3);
    assertArrayEquals(training.backward(g).toArray(), inference.backward(g).toArray());
  }

  /**
   * Planes wide enough for the vector kernels (rows of 12 and 32 outputs, and an odd size that
   * leaves a row and a column out), several images and channels in a slice at an offset, and
   * many ties at zero as after a ReLU: training and inference values and the gradient match a
   * plain per-window reference (the first of equal values wins).
   */
  @ParameterizedTest(name = "{0}x{0} planes")
  @ValueSource(ints = {24, 25, 64})
  void maxPoolMatchesAPlainReferenceOnWidePlanes(int size) {
    SplittableRandom random = new SplittableRandom(size);
    Tensor batch = Tensor.zeros(Shape.of(4, 3, size, size));
    for (int i = 0; i < batch.size(); i++) {
      batch.setFlat(i, Math.max(0, random.nextInt(7) - 3));
    }
    Tensor x = batch.slice(1, 4);
    int half = size / 2;
    Tensor g = Tensor.zeros(Shape.of(3, 3, half, half));
    for (int i = 0; i < g.size(); i++) {
      g.setFlat(i, random.nextInt(9) + 1);
    }
    float[] expectedY = new float[g.size()];
    float[] expectedDx = new float[x.size()];
    for (int p = 0; p < 9; p++) {
      for (int oy = 0; oy < half; oy++) {
        for (int ox = 0; ox < half; ox++) {
          int[] window = {2 * oy * size + 2 * ox, 2 * oy * size + 2 * ox + 1,
              (2 * oy + 1) * size + 2 * ox, (2 * oy + 1) * size + 2 * ox + 1};
          int winner = window[0];
          for (int pixel : window) {
            if (x.getFlat(p * size * size + pixel) > x.getFlat(p * size * size + winner)) {
              winner = pixel;
            }
          }
          int o = (p * half + oy) * half + ox;
          expectedY[o] = x.getFlat(p * size * size + winner);
          expectedDx[p * size * size + winner] += g.getFlat(o);
        }
      }
    }

    Forward training = new MaxPool2D(2).forward(x, true);

    assertArrayEquals(expectedY, training.output().toArray());
    assertArrayEquals(expectedDx, training.backward(g).toArray());
    assertArrayEquals(expectedY, new MaxPool2D(2).forward(x, false).output().toArray());
  }

  @Test
  void maxPoolWithPaddingIgnoresThePadding() {
    Tensor negative = PLANE.scale(-1f).subtract(Tensor.filled(PLANE.shape(), 1f));

    Tensor y = new MaxPool2D(3, 2, 1).forward(negative, false).output();

    assertEquals(Shape.of(1, 1, 2, 2), y.shape());
    assertArrayEquals(new float[] {-1, -2, -5, -6}, y.toArray());
  }

  @Test
  void avgPoolCountsPaddingAsZeros() {
    Forward f = new AvgPool2D(2, 2, 1).forward(PLANE, true);

    assertEquals(Shape.of(1, 1, 3, 3), f.output().shape());
    assertArrayEquals(
        new float[] {0, 3 / 4f, 3 / 4f, 12 / 4f, 30 / 4f, 18 / 4f, 12 / 4f, 27 / 4f, 15 / 4f},
        f.output().toArray(), 1e-6f);
    Tensor dx = f.backward(Tensor.filled(Shape.of(1, 1, 3, 3), 4f));
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, dx.toArray());
  }

  /** Kernel areas beyond Integer.MAX_VALUE once wrapped: 46341² to a negative, 65536² to 0. */
  @ParameterizedTest
  @ValueSource(ints = {46341, 65536})
  void avgPoolDividesByTheKernelAreaOfHugeKernels(int kernel) {
    Sequential model = Sequential.of(Shape.of(1, 1, 1), new AvgPool2D(kernel, 1, kernel / 2));
    Tensor y = model.predict(Tensor.filled(Shape.of(1, 1, 1, 1), 2f));

    float expected = 2f / ((float) kernel * kernel);
    for (float v : y.toArray()) {
      assertEquals(expected, v, expected * 1e-6f);
    }
  }

  @Test
  void exposesItsConfiguration() {
    MaxPool2D pool = new MaxPool2D(3, 2, 2, 1);

    assertEquals(3, pool.kernelHeight());
    assertEquals(2, pool.kernelWidth());
    assertEquals(2, pool.stride());
    assertEquals(1, pool.padding());
    assertEquals(Shape.of(5, 4, 5), pool.outputShape(Shape.of(5, 7, 8)));
  }
}
