package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Dense;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RoundTripCheckTest {
  private final Tensor input = Tensor.of(Shape.of(2, 3), 1, -2, 3, 0.5f, 0, -1);

  private static Sequential model() {
    return Sequential.of(Shape.of(3), new Dense(4), new ReLU(), new TestAffine(2, 0.7));
  }

  @Test
  void aRegistryThatKeepsEverySettingPasses() {
    Sequential model = model();
    Tensor before = input.copy();

    ModelFiles.checkRoundTrip(model, TestAffine.register(LayerRegistry.defaults()), input);

    assertEquals(before, input);
  }

  @Test
  void aCodecThatDropsASettingIsNamedWithTheLayer() {
    LayerRegistry dropsGain = LayerRegistry.defaults().register("TestAffine", TestAffine.class,
        layer -> LayerConfig.builder().putInt("units", 2).build(),
        config -> new TestAffine(config.getInt("units"), 1.0));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.checkRoundTrip(model(), dropsGain, input));

    assertTrue(e.getMessage().startsWith("layer 2 'test_affine_1' (TestAffine) computes"
        + " differently once saved and loaded with this registry (element 0: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("its codec loses a setting; the encoder must write every"
        + " setting the layer was made with and the decoder must pass each one back"),
        e.getMessage());
  }

  @Test
  void aLayerTheRegistryDoesNotKnowIsNamedAsSavingWould() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.checkRoundTrip(model(), LayerRegistry.defaults(), input));

    assertTrue(e.getMessage().contains("TestAffine"), e.getMessage());
  }
}
