package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BadModelFilesTest {
  private final LayerRegistry registry = TestModels.registry();

  @TempDir Path dir;
  private byte[] valid;

  @BeforeEach
  void saveAValidFile() throws IOException {
    Path file = dir.resolve("valid.lmf");
    ModelFiles.save(TestModels.nested(1), TestModels.state(), file, registry);
    valid = Files.readAllBytes(file);
  }

  @Test
  void theMinimalCraftedFileIsValid() throws IOException {
    Sequential model = load(Crafted.minimal()).model();
    assertEquals(Shape.of(4), model.inputShape());
    assertEquals("sq", model.layerName(0));
  }

  @Test
  void anEmptyFile() {
    assertDefect(new byte[0], "empty");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 11, 12, 15, 16, 100, -1})
  void aTruncatedFile(int length) {
    int keep = length < 0 ? valid.length + length : length;
    String expected =
        keep < ModelFormat.FRAME_BYTES ? "too short for a model file" : "checksum mismatch";
    assertDefect(Arrays.copyOf(valid, keep), expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 40, 300, -5, -1})
  void oneFlippedByteFailsTheChecksum(int position) {
    byte[] bytes = valid.clone();
    int at = position < 0 ? bytes.length + position : position;
    bytes[at] ^= 0x10;
    assertDefect(bytes, "checksum mismatch");
  }

  @Test
  void aFlippedByteInTheMagic() {
    byte[] bytes = valid.clone();
    bytes[2] ^= 1;
    assertDefect(bytes, "not a Lamina model file");
  }

  @Test
  void randomBytes() {
    byte[] bytes = new byte[4096];
    new SplittableRandom(5).nextBytes(bytes);
    assertDefect(bytes, "not a Lamina model file");
  }

  @Test
  void anotherFormatsMagic() {
    byte[] zip = {0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertDefect(zip, "starts with 50 4B 03 04");
  }

  @Test
  void aNewerFormatVersion() {
    byte[] newer = Crafted.file(2, o -> o.i32(12345));
    assertDefect(newer, "format version 2 is newer");
  }

  @Test
  void anUnregisteredLayerType() {
    LayerRegistry partial = TestAffine.register(LayerRegistry.empty());
    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFiles.decode("model.lmf", valid, partial));
    assertTrue(e.getMessage().contains("'TestSquare', which is not registered"), e.getMessage());
  }

  @Test
  void aStringLengthOf2To31() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.i32(0x80000000);
              o.bytes(new byte[64]);
            });
    assertDefect(
        bytes,
        "length of name of layer 1 of model at offset 24 is 2147483648, but only 64 bytes remain");
  }

  @Test
  void aTensorClaimingTenToTheTwelveElements() {
    byte[] bytes = parameterFile(1_000_000, 1_000_000);
    assertDefect(bytes, "not a valid shape");
  }

  @Test
  void aTensorClaimingMoreValuesThanTheFileHolds() {
    byte[] bytes = parameterFile(1 << 15, 1 << 15);
    assertDefect(bytes, "needs 4294967296 bytes");
  }

  @Test
  void tenToTheNineLayers() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1_000_000_000);
            });
    assertDefect(bytes, "layer count of model at offset 20 is 1000000000, but only");
  }

  @Test
  void aHugeIntArrayInAConfiguration() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.string("t");
              o.string("TestTagged");
              o.i32(1);
              o.string("ints");
              o.u8(6);
              o.i32(Integer.MAX_VALUE);
            });
    assertDefect(bytes, "length of t 'ints'");
  }

  @Test
  void aHugeTrainingStateArray() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.oneLayerArchitecture(o);
              o.i32(0);
              o.u8(1);
              o.i32(1);
              o.string("m");
              o.i32(-1);
            });
    assertDefect(bytes, "training state array m at offset");
  }

  @Test
  void aHighRank() {
    byte[] bytes = Crafted.file(o -> Crafted.shape(o, new int[40]));
    assertDefect(bytes, "rank 40, more than 32");
  }

  @Test
  void bytesAfterTheLastSection() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.oneLayerArchitecture(o);
              o.i32(0);
              o.u8(0);
              o.i32(7);
            });
    assertDefect(bytes, "4 unexpected bytes");
  }

  @Test
  void configurationKeysOutOfOrder() {
    byte[] bytes =
        taggedFile(
            o -> {
              o.i32(2);
              o.string("b");
              o.u8(1);
              o.i32(1);
              o.string("a");
              o.u8(1);
              o.i32(2);
            });
    assertDefect(bytes, "not in strictly ascending order");
  }

  @Test
  void anEmptyConfigurationKey() {
    byte[] bytes =
        taggedFile(
            o -> {
              o.i32(1);
              o.string("");
              o.u8(1);
              o.i32(1);
            });
    assertDefect(bytes, "layer t has an empty configuration key");
  }

  /**
   * Layers nested one inside the next, 40 deep: the reader stops at its nesting limit with the
   * path it reached, instead of recursing as deep as the file says.
   */
  @Test
  void modelsNestedDeeperThanTheLimit() {
    int depth = 40;
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              for (int i = 0; i < depth; i++) {
                o.i32(1); // one layer here, holding the next level
                o.string("m");
                o.string("Sequential");
                o.i32(0); // no configuration
              }
              o.i32(0); // the innermost model has no layers
              o.i32(0); // no parameters
              o.u8(0); // no training state
            });
    assertDefect(bytes, "models are nested more than 32 deep at m/m/m/");
  }

  @Test
  void anUnknownValueTag() {
    byte[] bytes =
        taggedFile(
            o -> {
              o.i32(1);
              o.string("a");
              o.u8(99);
            });
    assertDefect(bytes, "unknown type tag 99");
  }

  @Test
  void aBooleanThatIsNeitherZeroNorOne() {
    byte[] bytes =
        taggedFile(
            o -> {
              o.i32(1);
              o.string("a");
              o.u8(4);
              o.u8(2);
            });
    assertDefect(bytes, "not 0 or 1");
  }

  @Test
  void invalidUtf8() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.i32(2);
              o.u8(0xC3);
              o.u8(0x28);
              o.bytes(new byte[64]);
            });
    assertDefect(bytes, "not valid UTF-8");
  }

  @Test
  void aParameterWhoseShapeDiffersFromTheRebuiltLayer() {
    byte[] bytes =
        ModelFiles.encode(Sequential.of(Shape.of(4), new TestAffine(3, 1)), null, registry);
    LayerRegistry wider =
        LayerRegistry.empty()
            .register(
                "TestAffine",
                TestAffine.class,
                layer -> LayerConfig.empty(),
                config -> new TestAffine(5, 1));

    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.decode("model.lmf", bytes, wider));

    assertTrue(
        e.getMessage()
            .contains(
                "parameter 1 is test_affine_1/kernel [4, 3] in the file, but test_affine_1/kernel"
                    + " [4, 5] in the model"),
        e.getMessage());
  }

  @Test
  void aCodecThatRejectsTheSettingsIsReportedAsADamagedFile() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.string("a");
              o.string("TestAffine");
              o.i32(2);
              o.string("gain");
              o.u8(3);
              o.f64(1);
              o.string("units");
              o.u8(1);
              o.i32(-3);
              o.i32(0);
              o.i32(0);
              o.u8(0);
            });
    assertDefect(bytes, "cannot create layer a of type 'TestAffine'");
  }

  @Test
  void aMissingSettingIsReported() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.string("a");
              o.string("TestAffine");
              o.i32(0);
              o.i32(0);
              o.i32(0);
              o.u8(0);
            });
    assertDefect(bytes, "configuration has no 'units'");
  }

  @Test
  void layersThatDoNotFitTogether() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 2, 2);
              o.i32(1);
              o.string("a");
              o.string("TestAffine");
              o.i32(2);
              o.string("gain");
              o.u8(3);
              o.f64(1);
              o.string("units");
              o.u8(1);
              o.i32(3);
              o.i32(0);
              o.i32(0);
              o.u8(0);
            });
    assertDefect(bytes, "do not fit together");
  }

  @Test
  void aFileAboveTheSizeLimitIsRefusedUnread() throws IOException {
    Path huge = dir.resolve("huge.lmf");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(ModelFiles.MAX_FILE_BYTES + 1);
    }
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(huge, registry));
    assertTrue(e.getMessage().startsWith(huge.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void aDamagedFileOnDiskIsNamedInTheMessage() throws IOException {
    Path file = dir.resolve("damaged.lmf");
    byte[] bytes = valid.clone();
    bytes[bytes.length / 2] ^= (byte) 0x80;
    Files.write(file, bytes);

    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(file, registry));

    assertTrue(e.getMessage().startsWith(file + ": checksum mismatch"), e.getMessage());
    assertEquals(file.toString(), e.source());
  }

  @Test
  void anEmptyFileOnDisk() throws IOException {
    Path file = dir.resolve("empty.lmf");
    Files.write(file, new byte[0]);
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(file, registry));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/null", "/dev/zero"})
  void aDeviceIsNotARegularFile(String device) {
    Path path = Path.of(device);
    assumeTrue(Files.exists(path) && !Files.isRegularFile(path), device + " is not a device here");

    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(path, registry));

    assertEquals(
        device + ": not a regular file but a device; save the model to a file and load that",
        e.getMessage());
  }

  @Test
  void aFolderIsNotARegularFile() {
    ModelFileException e =
        assertThrows(ModelFileException.class, () -> ModelFiles.load(dir, registry));

    assertTrue(e.getMessage().startsWith(dir + ": not a regular file but a folder"),
        e.getMessage());
  }

  /** Like {@code --model-file /dev/stdin} fed by a pipe: refused by name, never read. */
  @Test
  void aNamedPipeIsNotARegularFileEvenWithAModelBehindIt() throws Exception {
    Path fifo = dir.resolve("pipe.lmf");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    Thread writer =
        new Thread(
            () -> {
              try {
                Files.write(fifo, valid);
              } catch (IOException e) {
                // the reader refused the pipe; nothing to write to
              }
            });
    writer.setDaemon(true);
    writer.start();
    try {
      ModelFileException e =
          assertThrows(ModelFileException.class, () -> ModelFiles.load(fifo, registry));

      assertTrue(e.getMessage().startsWith(fifo + ": not a regular file but a named pipe (FIFO);"),
          e.getMessage());
    } finally {
      drain(fifo, writer);
    }
  }

  /** Opens {@code fifo} for reading until {@code writer} is done, so it never hangs. */
  private static void drain(Path fifo, Thread writer) throws Exception {
    while (writer.isAlive()) {
      try (InputStream in = Files.newInputStream(fifo)) {
        in.readAllBytes();
      }
      writer.join(100);
    }
  }

  /** A bit flipped in the version field once sent the user looking for a newer Lamina. */
  @Test
  void aFlippedVersionByteIsReportedAsDamage() {
    byte[] bytes = valid.clone();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
    assertDefect(bytes, "crafted.lmf: format version 7 (this Lamina reads 1) and a checksum that"
        + " does not match: the file is damaged or truncated");
    bytes[11] ^= (byte) 0x80;
    assertDefect(bytes, "crafted.lmf: format version 2147483655 (this Lamina reads 1)");
  }

  @Test
  void versionZeroWithAMatchingChecksumIsNotAVersion() {
    assertDefect(Crafted.file(0, o -> o.i32(12345)),
        "crafted.lmf: format version 0 is not a valid version (damaged file)");
  }

  private static byte[] parameterFile(int... dims) {
    return Crafted.file(
        o -> {
          Crafted.oneLayerArchitecture(o);
          o.i32(1);
          o.string("sq/w");
          Crafted.shape(o, dims);
          o.i32(0);
        });
  }

  private static byte[] taggedFile(Crafted.Body config) {
    return Crafted.file(
        o -> {
          Crafted.shape(o, 4);
          o.i32(1);
          o.string("t");
          o.string("TestTagged");
          config.write(o);
          o.i32(0);
          o.i32(0);
          o.u8(0);
        });
  }

  private LoadedModel load(byte[] bytes) throws ModelFileException {
    return ModelFiles.decode("crafted.lmf", bytes, registry);
  }

  private void assertDefect(byte[] bytes, String expected) {
    ModelFileException e = assertThrows(ModelFileException.class, () -> load(bytes));
    assertTrue(e.getMessage().startsWith("crafted.lmf: "), e.getMessage());
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected '" + expected + "' in: " + e.getMessage());
  }
}
