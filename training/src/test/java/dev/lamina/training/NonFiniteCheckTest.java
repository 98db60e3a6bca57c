package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.Dense;
import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
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

  /**
   * Each kind of non-finite value (quiet, all-ones and signalling NaN, both infinities) at every
   * index of the second layer's kernel is found and named.
   */
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

  /** A parameter that is a view into a larger array is checked over its own values only. */
  @Test
  void aParameterViewIsCheckedFromItsOffset() {
    Tensor whole = Tensor.zeros(3, 2);
    whole.setFlat(0, Float.POSITIVE_INFINITY); // before the view
    Parameter view = new Parameter("kernel", whole.slice(1, 3));
    Layer holder = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor input, boolean training) {
        return Forward.of(input, g -> g);
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(view);
      }

      @Override
      public String typeName() {
        return "Holder";
      }
    };
    Sequential model = Sequential.of(Shape.of(2), holder);
    assertEquals(Optional.empty(), NonFiniteCheck.firstNonFinite(model));
    whole.setFlat(4, Float.NaN); // index 2 of the view
    assertEquals(Optional.of("parameter kernel of layer " + model.layerName(0)
        + " (Holder) has NaN at index 2 after the update"), NonFiniteCheck.firstNonFinite(model));
  }
}
