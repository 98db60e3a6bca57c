package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActivationsTest {
  private static final Tensor X = Tensor.of(Shape.of(1, 4), -2, -0.5f, 0.5f, 3);

  @Test
  void reluLeakyReluSigmoidTanhValues() {
    assertArrayEquals(new float[] {0, 0, 0.5f, 3}, new ReLU().forward(X, false).output().toArray());
    assertArrayEquals(new float[] {-0.2f, -0.05f, 0.5f, 3},
        new LeakyReLU(0.1f).forward(X, false).output().toArray(), 1e-7f);
    assertArrayEquals(new float[] {0.1192029f, 0.3775407f, 0.6224593f, 0.9525741f},
        new Sigmoid().forward(X, false).output().toArray(), 1e-6f);
    assertArrayEquals(new float[] {-0.9640276f, -0.4621172f, 0.4621172f, 0.9950548f},
        new Tanh().forward(X, false).output().toArray(), 1e-6f);
    assertEquals(0.1f, new LeakyReLU(0.1f).slope());
    assertEquals(LeakyReLU.DEFAULT_SLOPE, new LeakyReLU().slope());
  }

  @Test
  void sigmoidSaturatesWithoutNaN() {
    Tensor y = new Sigmoid().forward(Tensor.of(Shape.of(1, 2), -1000, 1000), false).output();

    assertArrayEquals(new float[] {0, 1}, y.toArray());
  }

  @Test
  void softmaxRowsSumToOneAndStayFiniteForHugeLogits() {
    Tensor logits = Tensor.of(Shape.of(2, 3), 1000, -1000, 999, 1, 2, 3);

    Tensor p = new Softmax().forward(logits, false).output();

    assertArrayEquals(
        new float[] {0.7310586f, 0, 0.26894143f, 0.09003057f, 0.24472848f, 0.66524094f},
        p.toArray(), 1e-6f);
    assertArrayEquals(new float[] {1, 1}, p.sum(1).toArray(), 1e-6f);
  }

  @Test
  void softmaxBackwardIsTheJacobianTimesTheGradient() {
    Tensor logits = Tensor.of(Shape.of(1, 3), 0.2f, -1f, 0.7f);
    Forward f = new Softmax().forward(logits, true);
    float[] p = f.output().toArray();
    float[] g = {0.3f, -1.2f, 0.5f};

    float[] dx = f.backward(Tensor.of(Shape.of(1, 3), g.clone())).toArray();

    for (int i = 0; i < 3; i++) {
      double want = 0;
      for (int j = 0; j < 3; j++) {
        want += g[j] * p[j] * ((i == j ? 1 : 0) - p[i]);
      }
      assertEquals(want, dx[i], 1e-6);
    }
  }

  @Test
  void flattenIsAViewBothWays() {
    Tensor x = Tensor.zeros(2, 3, 4);
    Forward f = new Flatten().forward(x, false);

    assertEquals(Shape.of(2, 12), f.output().shape());
    assertTrue(f.output().data() == x.data());
    assertEquals(Shape.of(2, 3, 4), f.backward(Tensor.zeros(2, 12)).shape());
  }
}
