package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged model files (a layer's size setting changed, the checksum recomputed) fail with a {@link
 * ModelFileException} naming the file and the layer, before the layer allocates anything.
 */
class ForgedSizesTest {
  private static final LayerRegistry REGISTRY = LayerRegistry.defaults();

  /** [1, 8, 8] -> conv2d_1 (3 filters, 3x3) -> flatten -> dense_1 (16) -> relu -> dense_2 (4). */
  private static final byte[] VALID =
      ModelFiles.encode(
          Sequential.builder(Shape.of(1, 8, 8))
              .add(Conv2D.builder(3).kernel(3).build())
              .add(new Flatten())
              .add(new Dense(16))
              .add(new ReLU())
              .add(new Dense(4))
              .seed(5)
              .build(),
          null,
          REGISTRY);

  @TempDir Path dir;

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of("units", 0, 33_000_000, "dense_1"),
        Arguments.of("units", 1, 33_000_000, "dense_2"),
        Arguments.of("units", 1, Integer.MAX_VALUE, "dense_2"),
        Arguments.of("filters", 0, 33_000_000, "conv2d_1"),
        Arguments.of("filters", 0, Integer.MAX_VALUE, "conv2d_1"),
        Arguments.of("kernelHeight", 0, 1_000_000, "conv2d_1"),
        Arguments.of("kernelWidth", 0, 100_000_000, "conv2d_1"),
        Arguments.of("units", 0, 17, "dense_1"),
        Arguments.of("filters", 0, 4, "conv2d_1"));
  }

  @ParameterizedTest
  @MethodSource("forgeries")
  void aForgedSizeIsRejectedNamingTheFileAndTheLayer(
      String key, int occurrence, int value, String layer) throws Exception {
    Path file = dir.resolve("forged.lmf");
    Files.write(file, Crafted.withValidChecksum(withInt(VALID, key, occurrence, value)));
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(file, REGISTRY));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("layer " + layer), e.getMessage());
  }

  @Test
  void aHugeDenseIsReportedAgainstTheSavedShape() {
    byte[] forged = Crafted.withValidChecksum(withInt(VALID, "units", 1, 33_000_000));
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.decode("f.lmf", forged, REGISTRY));
    assertTrue(
        e.getMessage().contains("layer dense_2 of type 'Dense' with configuration {biasInit=ZEROS,"
                + " units=33000000, weightInit=HE} would create parameter kernel [16, 33000000],"
                + " but the file stores [16, 4]"),
        e.getMessage());
  }

  @Test
  void theUnforgedFileLoads() throws ModelFileException {
    assertEquals(
        4, ModelFiles.decode("valid.lmf", VALID, REGISTRY).model().outputShape().dim(0));
  }

  @Test
  void theBuiltInHooksGiveTheBuiltShapes() {
    Map<String, Shape> dense =
        REGISTRY.parameterShapes(
            "Dense", LayerConfig.builder().putInt("units", 7).build(), Shape.of(5));
    assertEquals(ImmutableMap.of("kernel", Shape.of(5, 7), "bias", Shape.of(7)), dense);
    Sequential conv =
        Sequential.of(Shape.of(2, 9, 9), Conv2D.builder(3).kernel(4, 2).build());
    LayerConfig config = REGISTRY.encode(conv.layers().get(0));
    Map<String, Shape> expected = new LinkedHashMap<>();
    conv.layers().get(0).parameters().forEach(p -> expected.put(p.name(), p.value().shape()));
    assertEquals(expected, REGISTRY.parameterShapes("Conv2D", config, Shape.of(2, 9, 9)));
    assertNull(REGISTRY.parameterShapes("ReLU", LayerConfig.empty(), Shape.of(3)));
  }

  /** Any size setting of any layer set to any value: only the declared exception, never OOM. */
  @Property(tries = 300)
  void forgedSizeSettingsFailOnlyWithTheDeclaredException(
      @ForAll("sizeKeys") String keyAndOccurrence, @ForAll("sizes") int value) {
    String[] parts = keyAndOccurrence.split("#");
    byte[] forged =
        Crafted.withValidChecksum(withInt(VALID, parts[0], Integer.parseInt(parts[1]), value));
    try {
      ModelFiles.decode("forged.lmf", forged, REGISTRY);
    } catch (ModelFileException expected) {
      // the declared failure
    }
  }

  @Provide
  Arbitrary<String> sizeKeys() {
    return Arbitraries.of(
        "units#0",
        "units#1",
        "filters#0",
        "kernelHeight#0",
        "kernelWidth#0",
        "stride#0",
        "padding#0");
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.integers(),
        Arbitraries.integers().between(-2, 64),
        Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 1 << 24, 33_000_000));
  }

  /**
   * A copy of {@code bytes} whose {@code occurrence}-th (0-based) int configuration value stored
   * under {@code key} is {@code value}.
   */
  static byte[] withInt(byte[] bytes, String key, int occurrence, int value) {
    byte[] name = key.getBytes(StandardCharsets.UTF_8);
    byte[] pattern =
        ByteBuffer.allocate(4 + name.length + 1)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(name.length)
            .put(name)
            .put((byte) ConfigType.INT.tag())
            .array();
    List<Integer> found = new ArrayList<>();
    for (int at = 0; at <= bytes.length - pattern.length; at++) {
      if (Arrays.equals(bytes, at, at + pattern.length, pattern, 0, pattern.length)) {
        found.add(at + pattern.length);
      }
    }
    assertTrue(occurrence < found.size(), key + " occurs " + found.size() + " times");
    byte[] out = bytes.clone();
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(found.get(occurrence), value);
    return out;
  }
}
