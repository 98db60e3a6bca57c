package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Dense;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parameter holding NaN or an infinity is refused both ways: loading names the file, the
 * parameter and the first bad index and value; saving names the parameter and writes nothing.
 * Training-state arrays are opaque and keep any value (see {@link ModelFiles}).
 */
class NonFiniteParametersTest {
  private static final LayerRegistry REGISTRY = LayerRegistry.defaults();

  /** A value no initializer makes, to find in the file's bytes. */
  private static final float MARK = 1234.5f;

  @TempDir Path dir;

  /** [4] -> dense_1 (3) -> relu -> dense_2 (2), with dense_2/kernel[5] = {@link #MARK}. */
  private static Sequential model() {
    Sequential model =
        Sequential.builder(Shape.of(4))
            .add(new Dense(3))
            .add(new ReLU())
            .add(new Dense(2))
            .seed(3)
            .build();
    model.namedParameters().get("dense_2/kernel").value().setFlat(5, MARK);
    return model;
  }

  @ParameterizedTest
  @ValueSource(ints = {0x7fc00000, 0x7fc01234, 0x7f800001, 0xffc00000, 0x7f800000, 0xff800000})
  void aNonFiniteParameterInAFileWithAValidChecksumIsRefused(int bits) throws IOException {
    Path file = dir.resolve("forged.lmf");
    Files.write(file, withMarkReplacedBy(bits));

    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(file, REGISTRY));

    assertTrue(
        e.getMessage()
            .startsWith(
                file
                    + ": parameter dense_2/kernel [3, 2] holds "
                    + Float.intBitsToFloat(bits)
                    + " at index 5 (offset "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("parameters must be finite"), e.getMessage());
  }

  @Test
  void theUnforgedFileLoads() throws ModelFileException {
    Sequential loaded =
        ModelFiles.decode("valid.lmf", ModelFiles.encode(model(), null, REGISTRY), REGISTRY)
            .model();

    assertEquals(MARK, loaded.namedParameters().get("dense_2/kernel").value().getFlat(5));
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void savingAModelWithANonFiniteParameterNamesItAndWritesNothing(float bad) throws IOException {
    Sequential model = model();
    model.namedParameters().get("dense_1/bias").value().setFlat(2, bad);
    Path file = dir.resolve("model.lmf");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, file));

    assertEquals(
        "cannot save parameter dense_1/bias [3]: it holds "
            + bad
            + " at index 2, and a model file holds only finite parameters (did training"
            + " diverge?)",
        e.getMessage());
    assertFalse(Files.exists(file));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aFailedSaveLeavesTheEarlierFile() throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(model(), file);
    byte[] before = Files.readAllBytes(file);
    Sequential diverged = model();
    diverged.parameters().get(0).value().setFlat(0, Float.NaN);

    assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(diverged, file));

    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void aNestedParameterIsNamedByItsPath() {
    Sequential block = Sequential.of(Shape.of(4), new Dense(2));
    Sequential model = Sequential.builder(Shape.of(4)).add("block", block).build();
    block.parameters().get(0).value().setFlat(7, Float.POSITIVE_INFINITY);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelFiles.encode(model, null, REGISTRY));

    assertTrue(e.getMessage().startsWith("cannot save parameter block/dense_1/kernel [4, 2]: it"
        + " holds Infinity at index 7"), e.getMessage());
  }

  @Test
  void nonFiniteTrainingStateArraysAreKept() throws ModelFileException {
    TrainingState state =
        TrainingState.builder()
            .putArray("optimizer/1", new float[] {Float.POSITIVE_INFINITY, Float.NaN})
            .build();

    LoadedModel loaded =
        ModelFiles.decode("state.lmf", ModelFiles.encode(model(), state, REGISTRY), REGISTRY);

    assertEquals(state, loaded.trainingState().orElseThrow());
  }

  /** The model's file with {@link #MARK}'s bytes replaced by {@code bits}, checksum recomputed. */
  private static byte[] withMarkReplacedBy(int bits) {
    byte[] bytes = ModelFiles.encode(model(), null, REGISTRY);
    byte[] mark = le(Float.floatToRawIntBits(MARK));
    List<Integer> found = new ArrayList<>();
    for (int at = 0; at <= bytes.length - 4; at++) {
      if (Arrays.equals(bytes, at, at + 4, mark, 0, 4)) {
        found.add(at);
      }
    }
    assertEquals(1, found.size());
    System.arraycopy(le(bits), 0, bytes, found.get(0), 4);
    return Crafted.withValidChecksum(bytes);
  }

  private static byte[] le(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }
}
