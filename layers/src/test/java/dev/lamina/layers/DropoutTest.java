package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {
  private static final Tensor ONES = Tensor.filled(Shape.of(100, 100), 1f);

  @Test
  void isTheIdentityAtInferenceAndLeavesTheStreamAlone() {
    Dropout dropout = new Dropout(0.5, 1);

    Forward f = dropout.forward(ONES, false);

    assertSame(ONES, f.output());
    assertSame(ONES, f.backward(ONES));
    assertEquals(0, dropout.trainingPasses());
  }

  @Test
  void dropsAboutRateAndScalesTheSurvivors() {
    Tensor y = new Dropout(0.3, 5).forward(ONES, true).output();

    int kept = 0;
    for (int i = 0; i < y.size(); i++) {
      float v = y.getFlat(i);
      assertTrue(v == 0f || v == (float) (1 / 0.7), "value " + v);
      kept += v == 0f ? 0 : 1;
    }
    assertEquals(7000, kept, 200);
    assertEquals(1.0, y.mean(), 0.03);
  }

  @Test
  void backwardUsesTheSameMask() {
    Forward f = new Dropout(0.5, 5).forward(ONES, true);

    assertEquals(f.output(), f.backward(ONES));
  }

  @Test
  void masksFollowTheSeedAndThePassNumber() {
    Dropout a = new Dropout(0.5, 9);
    Dropout b = new Dropout(0.5, 9);
    Tensor a0 = a.forward(ONES, true).output();
    Tensor a1 = a.forward(ONES, true).output();

    assertNotEquals(a0, a1);
    assertEquals(a0, b.forward(ONES, true).output());
    assertEquals(a1, b.forward(ONES, true).output());
    assertNotEquals(a0, new Dropout(0.5, 10).forward(ONES, true).output());
    assertEquals(2, a.trainingPasses());
  }

  @Test
  void resumeContinuesTheStream() {
    Dropout original = new Dropout(0.4, 3);
    for (int i = 0; i < 5; i++) {
      original.forward(ONES, true);
    }
    Dropout resumed = new Dropout(original.rate(), original.seed());
    resumed.resumeAt(original.trainingPasses());

    assertEquals(original.forward(ONES, true).output(), resumed.forward(ONES, true).output());
  }

  @Test
  void withoutASeedTheModelSeedDecides() {
    Dropout a = new Dropout(0.5);
    Dropout b = new Dropout(0.5);
    Sequential.builder(Shape.of(100)).add(new Dense(3)).add(a).seed(1).build();
    Sequential.builder(Shape.of(100)).add(new Dense(3)).add(b).seed(1).build();
    Dropout c = new Dropout(0.5);
    c.build(Shape.of(100), new SplittableRandom(2));

    assertEquals(a.seed(), b.seed());
    assertNotEquals(a.seed(), c.seed());
    assertTrue(a.configuredSeed().isEmpty());
    assertEquals(7L, new Dropout(0.5, 7).configuredSeed().getAsLong());
  }
}
