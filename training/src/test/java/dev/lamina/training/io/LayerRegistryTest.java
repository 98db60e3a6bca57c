package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerRegistryTest {
  @Test
  void encodesAndDecodesThroughTheRegisteredCodec() {
    LayerRegistry registry = TestModels.registry();

    LayerConfig config = registry.encode(new TestAffine(3, 0.5));
    Layer layer = registry.decode("TestAffine", config);

    assertEquals(LayerConfig.builder().putInt("units", 3).putDouble("gain", 0.5).build(), config);
    assertInstanceOf(TestAffine.class, layer);
    assertEquals("TestAffine", registry.typeNameOf(layer));
  }

  @Test
  void theShorthandRegistersALayerWithoutSettings() {
    LayerRegistry registry =
        LayerRegistry.empty().register("Square", TestSquare.class, TestSquare::new);

    assertEquals(LayerConfig.empty(), registry.encode(new TestSquare()));
    assertInstanceOf(TestSquare.class, registry.decode("Square", LayerConfig.empty()));
    assertEquals(List.of("Square"), List.copyOf(registry.typeNames()));
  }

  @Test
  void eachNameAndEachClassIsRegisteredOnce() {
    LayerRegistry registry =
        LayerRegistry.empty().register("Square", TestSquare.class, TestSquare::new);

    assertThrows(
        IllegalArgumentException.class,
        () ->
            registry.register(
                "Square", TestTagged.class, () -> new TestTagged(LayerConfig.empty())));
    assertThrows(
        IllegalArgumentException.class,
        () -> registry.register("Other", TestSquare.class, TestSquare::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "with space", "a/b", "Sequential"})
  void unusableTypeNamesAreRejected(String name) {
    assertThrows(
        IllegalArgumentException.class,
        () -> LayerRegistry.empty().register(name, TestSquare.class, TestSquare::new));
  }

  @Test
  void sequentialNeedsNoRegistration() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LayerRegistry.empty().register("Seq", Sequential.class, () -> null));
  }

  @Test
  void decodingAnUnknownTypeNamesIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerRegistry.empty().decode("Swish", LayerConfig.empty()));

    assertTrue(e.getMessage().contains("'Swish'"), e.getMessage());
  }

  @Test
  void aDecoderThatReturnsNullIsCaught() {
    LayerRegistry registry = LayerRegistry.empty().register("Square", TestSquare.class, () -> null);

    assertThrows(
        IllegalArgumentException.class, () -> registry.decode("Square", LayerConfig.empty()));
  }

  @Test
  void registriesAreIndependent() {
    LayerRegistry.defaults().register("Square", TestSquare.class, TestSquare::new);

    assertTrue(!LayerRegistry.defaults().isRegistered("Square"));
  }
}
