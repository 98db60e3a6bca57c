package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conv2D reuses its column and product buffers from pass to pass; no pass may see another's data.
 */
class Conv2DWorkspaceTest {
  /** Wide enough that the direct path's output rows (18) span more than one vector. */
  private static final Shape IMAGE = Shape.of(2, 7, 20);

  /** Padding 1 goes through columns and a matrix product; padding 0 convolves directly. */
  private static Conv2D conv(int padding) {
    Conv2D conv = Conv2D.builder(3).kernel(3).padding(padding)
        .biasInit(WeightInit.NOTEBOOK_NORMAL).build();
    conv.build(IMAGE, new SplittableRandom(5));
    return conv;
  }

  /** Input and kernel/bias gradients of one pass on a layer that has never run before. */
  private static float[][] fresh(Tensor x, Tensor g, int padding) {
    Conv2D conv = conv(padding);
    Tensor dx = conv.forward(x, true).backward(g);
    return new float[][] {
        dx.toArray(), conv.kernel().gradient().toArray(), conv.bias().gradient().toArray()};
  }

  private static float[][] gradients(Conv2D conv, Forward pass, Tensor g) {
    conv.kernel().gradient().fill(0f);
    conv.bias().gradient().fill(0f);
    Tensor dx = pass.backward(g);
    return new float[][] {
        dx.toArray(), conv.kernel().gradient().toArray(), conv.bias().gradient().toArray()};
  }

  private static void assertSame(float[][] expected, float[][] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], "part " + i);
    }
  }

  @ParameterizedTest(name = "padding {0}")
  @ValueSource(ints = {0, 1})
  void passesOfShrinkingAndGrowingBatchesMatchFreshLayers(int pad) {
    Shape out = Shape.of(3, 7 - 2 + 2 * pad, 20 - 2 + 2 * pad);
    Conv2D conv = conv(pad);
    for (int n : new int[] {4, 2, 5, 1}) {
      Tensor x = SequentialTest.randomBatch(IMAGE, n, n);
      Tensor g = SequentialTest.randomBatch(out, n, 100 + n);
      Forward pass = conv.forward(x, true);
      conv.forward(SequentialTest.randomBatch(IMAGE, n + 1, 7), false); // inference in between

      assertSame(fresh(x, g, pad), gradients(conv, pass, g));
    }
  }

  @ParameterizedTest(name = "padding {0}")
  @ValueSource(ints = {0, 1})
  void interleavedPassesAndASecondWayBackKeepTheirOwnColumns(int pad) {
    Shape out = Shape.of(3, 7 - 2 + 2 * pad, 20 - 2 + 2 * pad);
    Conv2D conv = conv(pad);
    Tensor xa = SequentialTest.randomBatch(IMAGE, 3, 1);
    Tensor xb = SequentialTest.randomBatch(IMAGE, 3, 2);
    Tensor g = SequentialTest.randomBatch(out, 3, 3);
    Forward a = conv.forward(xa, true);
    Forward b = conv.forward(xb, true);

    float[][] fromB = gradients(conv, b, g);
    conv.forward(xb, true).backward(g); // takes the buffer b gave back, and gives it back again
    float[][] fromA = gradients(conv, a, g);

    assertSame(fresh(xb, g, pad), fromB);
    assertSame(fresh(xa, g, pad), fromA);
    assertSame(fresh(xa, g, pad), gradients(conv, a, g));
  }
}
