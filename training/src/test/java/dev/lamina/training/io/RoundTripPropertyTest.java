package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any configuration and any training state survive a save and a load unchanged. */
class RoundTripPropertyTest {
  private static final LayerRegistry REGISTRY = TestModels.registry();

  @Property(tries = 200)
  void anyConfigurationRoundTrips(@ForAll("configs") LayerConfig config) throws ModelFileException {
    Sequential model = Sequential.of(Shape.of(2), new TestTagged(config));

    LoadedModel loaded =
        ModelFiles.decode("c.lmf", ModelFiles.encode(model, null, REGISTRY), REGISTRY);

    assertEquals(config, ((TestTagged) loaded.model().layers().get(0)).config());
  }

  @Property(tries = 200)
  void anyTrainingStateRoundTrips(@ForAll("states") TrainingState state) throws ModelFileException {
    Sequential model = Sequential.of(Shape.of(2), new TestSquare());

    LoadedModel loaded =
        ModelFiles.decode("s.lmf", ModelFiles.encode(model, state, REGISTRY), REGISTRY);

    assertEquals(state, loaded.trainingState().orElseThrow());
  }

  @Provide
  Arbitrary<LayerConfig> configs() {
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.integers().map(v -> (Object) v),
            Arbitraries.longs().map(v -> (Object) v),
            Arbitraries.doubles().map(v -> (Object) v),
            Arbitraries.of(true, false).map(v -> (Object) v),
            Arbitraries.strings().ofMaxLength(20).map(v -> (Object) v),
            Arbitraries.integers().array(int[].class).ofMaxSize(5).map(v -> (Object) v));
    return Arbitraries.maps(keys(), values).ofMaxSize(6).map(RoundTripPropertyTest::config);
  }

  @Provide
  Arbitrary<TrainingState> states() {
    Arbitrary<Map<String, float[]>> arrays =
        Arbitraries.maps(keys(), Arbitraries.floats().array(float[].class).ofMaxSize(8))
            .ofMaxSize(3);
    Arbitrary<Map<String, Long>> longs = Arbitraries.maps(keys(), Arbitraries.longs()).ofMaxSize(3);
    Arbitrary<Map<String, Double>> doubles =
        Arbitraries.maps(keys(), Arbitraries.doubles()).ofMaxSize(3);
    Arbitrary<Map<String, String>> strings =
        Arbitraries.maps(keys(), Arbitraries.strings()).ofMaxSize(3);
    return Combinators.combine(arrays, longs, doubles, strings)
        .as(
            (a, l, d, s) -> {
              TrainingState.Builder b = TrainingState.builder();
              a.forEach(b::putArray);
              l.forEach(b::putLong);
              d.forEach(b::putDouble);
              s.forEach(b::putString);
              return b.build();
            });
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
  }

  private static LayerConfig config(Map<String, Object> values) {
    LayerConfig.Builder b = LayerConfig.builder();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      b.put(e.getKey(), e.getValue());
    }
    return b.build();
  }
}
