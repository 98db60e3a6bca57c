package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

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

  @Test
  void maxPoolInferenceGivesTheTrainingValuesAndStillHasAGradient() {
    // ties, a NaN that never wins after the first element, and signed zeros
    Tensor x = Tensor.of(Shape.of(1, 1, 2, 6), 1, 1, Float.NaN, 2, -0f, 0f, 1, 0, 3, Float.NaN, 0f, -0f);
    MaxPool2D pool = new MaxPool2D(2);

    Forward training = pool.forward(x, true);
    Forward inference = pool.forward(x, false);

    float[] expected = training.output().toArray();
    float[] actual = inference.output().toArray();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "at " + i);
    }
    Tensor g = Tensor.of(Shape.of(1, 1, 1, 3), 1, 2, 3);
    assertArrayEquals(training.backward(g).toArray(), inference.backward(g).toArray());
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
    assertArrayEquals(new float[] {0, 3 / 4f, 3 / 4f, 12 / 4f, 30 / 4f, 18 / 4f, 12 / 4f, 27 / 4f, 15 / 4f},
        f.output().toArray(), 1e-6f);
    Tensor dx = f.backward(Tensor.filled(Shape.of(1, 1, 3, 3), 4f));
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, dx.toArray());
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
