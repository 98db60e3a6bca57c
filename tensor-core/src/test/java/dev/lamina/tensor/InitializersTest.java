package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static double std(Tensor t) {
    double mean = t.mean();
    double s = 0;
    for (int i = 0; i < t.size(); i++) {
      s += (t.getFlat(i) - mean) * (t.getFlat(i) - mean);
    }
    return Math.sqrt(s / t.size());
  }

  @Test
  void sameSeedSameWeights() {
    Tensor a = Tensor.zeros(100);
    Tensor b = Tensor.zeros(100);
    Initializers.he().fill(a, 10, 10, new SplittableRandom(3));
    Initializers.he().fill(b, 10, 10, new SplittableRandom(3));
    assertEquals(a, b);
    Initializers.he().fill(b, 10, 10, new SplittableRandom(4));
    assertTrue(!a.equals(b));
  }

  @Test
  void normalHasTheRequestedSpread() {
    Tensor t = Tensor.zeros(20_000);
    Initializers.normal(0.1).fill(t, 1, 1, new SplittableRandom(1));
    assertEquals(0.1, std(t), 0.005);
    assertEquals(0.0, t.mean(), 0.005);
  }

  @Test
  void heAndXavierScaleWithFans() {
    Tensor t = Tensor.zeros(20_000);
    Initializers.he().fill(t, 50, 1, new SplittableRandom(1));
    assertEquals(Math.sqrt(2.0 / 50), std(t), 0.01);
    Initializers.xavier().fill(t, 30, 30, new SplittableRandom(1));
    double limit = Math.sqrt(6.0 / 60);
    assertTrue(t.max() <= limit && t.map(x -> -x).max() <= limit);
    assertEquals(limit / Math.sqrt(3), std(t), 0.01);
  }

  @Test
  void lecunUniformIsBoundedByOneOverRootFanIn() {
    Tensor t = Tensor.zeros(20_000);
    Initializers.lecunUniform().fill(t, 25, 20, new SplittableRandom(1));
    assertTrue(t.max() < 0.2f && t.map(x -> -x).max() <= 0.2f);
    assertEquals(0.2 / Math.sqrt(3), std(t), 0.005);
  }

  @Test
  void uniformStaysInItsRange() {
    Tensor t = Tensor.zeros(1000);
    Initializers.uniform(2, 3).fill(t, 1, 1, new SplittableRandom(1));
    assertTrue(t.max() < 3 && t.map(x -> -x).max() <= -2);
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> Initializers.normal(0));
    assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Initializers.he().fill(Tensor.zeros(2), 0, 1, new SplittableRandom(1)));
  }

  /** These once filled tensors with infinities and NaN without a word. */
  @Test
  void settingsAndFansThatGiveNonFiniteWeightsAreRejected() {
    IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
        () -> Initializers.uniform(Double.NEGATIVE_INFINITY, 0));
    assertEquals("uniform: low (-Infinity) and high (0.0) must be finite (as floats)",
        infinite.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(0, 1e39));
    assertThrows(IllegalArgumentException.class, () -> Initializers.normal(1e300));

    Tensor t = Tensor.zeros(100);
    Initializers.xavier().fill(t, Integer.MAX_VALUE, Integer.MAX_VALUE, new SplittableRandom(1));
    for (int i = 0; i < t.size(); i++) {
      assertTrue(Float.isFinite(t.getFlat(i)), "xavier with huge fans");
    }
  }
}
