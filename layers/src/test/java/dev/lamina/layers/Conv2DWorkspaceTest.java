package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conv2D reuses its column and product buffers from pass to pass; no pass may see another's data. */
class Conv2DWorkspaceTest {
  private static final Shape IMAGE = Shape.of(2, 7, 6);

  private static Conv2D conv() {
    Conv2D conv = Conv2D.builder(3).kernel(3).padding(1).biasInit(WeightInit.NOTEBOOK_NORMAL).build();
    conv.build(IMAGE, new SplittableRandom(5));
    return conv;
  }

  /** Input and kernel/bias gradients of one pass on a layer that has never run before. */
  private static float[][] fresh(Tensor x, Tensor g) {
    Conv2D conv = conv();
    Tensor dx = conv.forward(x, true).backward(g);
    return new float[][] {dx.toArray(), conv.kernel().gradient().toArray(), conv.bias().gradient().toArray()};
  }

  private static float[][] gradients(Conv2D conv, Forward pass, Tensor g) {
    conv.kernel().gradient().fill(0f);
    conv.bias().gradient().fill(0f);
    Tensor dx = pass.backward(g);
    return new float[][] {dx.toArray(), conv.kernel().gradient().toArray(), conv.bias().gradient().toArray()};
  }

  private static void assertSame(float[][] expected, float[][] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], "part " + i);
    }
  }

  @Test
  void passesOfShrinkingAndGrowingBatchesMatchFreshLayers() {
    Conv2D conv = conv();
    for (int n : new int[] {4, 2, 5, 1}) {
      Tensor x = SequentialTest.randomBatch(IMAGE, n, n);
      Tensor g = SequentialTest.randomBatch(Shape.of(3, 7, 6), n, 100 + n);
      Forward pass = conv.forward(x, true);
      conv.forward(SequentialTest.randomBatch(IMAGE, n + 1, 7), false); // inference in between

      assertSame(fresh(x, g), gradients(conv, pass, g));
    }
  }

  @Test
  void interleavedPassesAndASecondWayBackKeepTheirOwnColumns() {
    Conv2D conv = conv();
    Tensor xa = SequentialTest.randomBatch(IMAGE, 3, 1);
    Tensor xb = SequentialTest.randomBatch(IMAGE, 3, 2);
    Tensor g = SequentialTest.randomBatch(Shape.of(3, 7, 6), 3, 3);
    Forward a = conv.forward(xa, true);
    Forward b = conv.forward(xb, true);

    float[][] fromB = gradients(conv, b, g);
    conv.forward(xb, true).backward(g); // takes the buffer b gave back, and gives it back again
    float[][] fromA = gradients(conv, a, g);

    assertSame(fresh(xb, g), fromB);
    assertSame(fresh(xa, g), fromA);
    assertSame(fresh(xa, g), gradients(conv, a, g));
  }
}
