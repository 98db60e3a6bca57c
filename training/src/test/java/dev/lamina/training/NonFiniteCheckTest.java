package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.Dense;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NonFiniteCheckTest {
  private static final float[] NON_FINITE = {Float.NaN, Float.intBitsToFloat(0xffff_ffff),
      Float.intBitsToFloat(0x7f80_0001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
  private static final float[] FINITE = {0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
      Float.MIN_VALUE, -Float.MIN_NORMAL, Math.nextDown(Float.POSITIVE_INFINITY), 1f, -3.5e-20f};

  @Test
  void extremeButFiniteValuesPass() {
    Sequential model = Sequential.of(Shape.of(3), new Dense(7), new Dense(2));
    fill(model.layers().get(0).parameters().get(0).value());
    fill(model.layers().get(1).parameters().get(0).value());
    assertEquals(Optional.empty(), NonFiniteCheck.firstNonFinite(model));
  }

  /** Every non-finite encoding at every index of the second layer's kernel is found and named. */
  @Test
  void everyNonFiniteValueIsFoundAtItsIndex() {
    Sequential model = Sequential.of(Shape.of(3), new Dense(7), new Dense(2));
    Tensor kernel = model.layers().get(1).parameters().get(0).value();
    fill(kernel);
    for (int at = 0; at < kernel.size(); at++) {
      for (float bad : NON_FINITE) {
        float kept = kernel.getFlat(at);
        kernel.setFlat(at, bad);
        assertEquals(Optional.of("parameter kernel of layer dense_2 (Dense) has " + bad
            + " at index " + at + " after the update"), NonFiniteCheck.firstNonFinite(model));
        kernel.setFlat(at, kept);
      }
    }
  }

  private static void fill(Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, FINITE[i % FINITE.length]);
    }
  }
}
