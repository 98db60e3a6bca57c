package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.training.io.BuiltInModelFilesTest.Swish;
import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model files whose parameters are consistent but whose activations, parameters or bytes cannot fit
 * the heap are refused at load, naming the file and what does not fit; normal models load within a
 * small budget. The budget is the {@link HeapBudget} seam, so no test needs gigabytes.
 */
class HeapBudgetTest {
  private static final HeapBudget HEAP_600_MB = new HeapBudget(600L << 20);
  private static final HeapBudget HEAP_16_MB = new HeapBudget(16L << 20);
  private static final LayerRegistry REGISTRY = LayerRegistry.defaults();

  @TempDir Path dir;

  /** The fuzzing review's 3.9 KB model: one sample's convolution output takes 6 GB. */
  static Sequential paddedBy20000() {
    return Sequential.builder(Shape.of(1, 28, 28))
        .add(Conv2D.builder(1).kernel(1).padding(20_000).build())
        .add(new MaxPool2D(4003))
        .add(new Flatten())
        .add(new Dense(10))
        .build();
  }

  @Test
  void aHugePaddingIsRefusedNamingTheLayerItsOutputAndTheHeap() throws IOException {
    Path file = dir.resolve("padded.lmf");
    ModelFiles.save(paddedBy20000(), file);

    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFiles.loadCheckpoint(file, REGISTRY, HEAP_600_MB));

    assertEquals(
        file
            + ": layer conv2d_1 outputs [1, 40028, 40028] (6112.1 MB) per sample; beside the"
            + " parameters' 0.0 MB that is more than the Java heap's limit of 600.0 MB (give Java"
            + " more heap with -Xmx), so not even one sample fits",
        e.getMessage());
  }

  @Test
  void theSameModelLoadsWhereTheHeapIsLargeEnough() throws ModelFileException {
    byte[] bytes = ModelFiles.encode(paddedBy20000(), null, REGISTRY);

    LoadedModel loaded = ModelFiles.decode("padded.lmf", bytes, REGISTRY, new HeapBudget(1L << 40));

    assertEquals(Shape.of(10), loaded.model().outputShape());
  }

  @Test
  void aMillionFiltersAreRefused() {
    Sequential model =
        Sequential.of(Shape.of(1, 28, 28), Conv2D.builder(1_000_000).kernel(1).build());

    assertDefect(model, HEAP_600_MB, "layer conv2d_1 outputs [1000000, 28, 28] (2990.7 MB)");
  }

  @Test
  void aHugeInputIsRefused() {
    Sequential model =
        Sequential.builder(Shape.of(1, 40_000, 40_000))
            .add(new MaxPool2D(4000))
            .add(new Flatten())
            .add(new Dense(10))
            .build();

    assertDefect(model, HEAP_600_MB, "the model takes [1, 40000, 40000] (6103.5 MB) per sample");
  }

  @Test
  void aHugeActivationInANestedModelIsNamedByItsPath() {
    Sequential features =
        Sequential.of(Shape.of(1, 28, 28), Conv2D.builder(1).kernel(1).padding(20_000).build());
    Sequential model =
        Sequential.builder(Shape.of(1, 28, 28))
            .add("features", features)
            .add(new MaxPool2D(4003))
            .add(new Flatten())
            .add(new Dense(10))
            .build();

    assertDefect(model, HEAP_600_MB, "layer features/conv2d_1 outputs [1, 40028, 40028]");
  }

  @Test
  void parametersThatDoNotFitBesideTheFileAreRefused() throws ModelFileException {
    Sequential model = Sequential.of(Shape.of(1000), new Dense(1000));

    assertDefect(
        model,
        new HeapBudget(8L << 20),
        "the model's 1001000 parameter values need 7.6 MB (with their gradients) beside the"
            + " file's 3.8 MB, more than the Java heap's limit of 8.0 MB");
    byte[] bytes = ModelFiles.encode(model, null, REGISTRY);
    ModelFiles.decode("dense.lmf", bytes, REGISTRY, HEAP_16_MB);
  }

  @Test
  void anActivationLargerThanAnyJavaArrayIsRefusedWhateverTheHeap() {
    Sequential model = Sequential.of(Shape.of(Integer.MAX_VALUE), new ReLU());

    assertDefect(
        model,
        new HeapBudget(Long.MAX_VALUE),
        "the model takes [2147483647] (8192.0 MB) per sample: 2147483647 elements, more than a"
            + " Java array holds (2147483639)");
  }

  /** A per-sample output beyond what a shape can describe fails while following the shapes. */
  @Test
  void anOutputOfMoreThanTwoToThe31ElementsIsRefusedNamingTheLayer() {
    byte[] bytes =
        Crafted.withValidChecksum(
            ForgedSizesTest.withInt(
                ModelFiles.encode(paddedBy20000(), null, REGISTRY), "padding", 0, 30_000));

    ModelFileException e =
        assertThrows(
            ModelFileException.class,
            () -> ModelFiles.decode("big.lmf", bytes, REGISTRY, new HeapBudget(Long.MAX_VALUE)));

    assertTrue(
        e.getMessage()
            .contains(
                "layer conv2d_1: Shape [1, 60028, 60028] has more than 2147483647 elements"),
        e.getMessage());
  }

  static Stream<Arguments> normalModels() {
    LayerRegistry custom =
        TestAffine.register(LayerRegistry.defaults()).register("Swish", Swish.class, Swish::new);
    Sequential withCustomLayers =
        Sequential.builder(Shape.of(1, 28, 28))
            .add(new Flatten())
            .add(new Dense(32))
            .add(new Swish())
            .add(new TestAffine(10, 0.5))
            .build();
    return Stream.of(
        Arguments.of(BuiltInModelFilesTest.notebook(), REGISTRY),
        Arguments.of(BuiltInModelFilesTest.lenet(), REGISTRY),
        Arguments.of(TestModels.nested(1), TestModels.registry()),
        Arguments.of(withCustomLayers, custom));
  }

  @ParameterizedTest
  @MethodSource("normalModels")
  void normalModelsLoadWithinSixteenMegabytes(Sequential model, LayerRegistry registry)
      throws ModelFileException {
    byte[] bytes = ModelFiles.encode(model, null, registry);

    LoadedModel loaded = ModelFiles.decode("normal.lmf", bytes, registry, HEAP_16_MB);

    assertEquals(model.parameterCount(), loaded.model().parameterCount());
  }

  @Test
  void aFileLargerThanHalfTheHeapIsRefusedBeforeItIsRead() throws IOException {
    Path file = sparseModelFile("large.lmf", 40L << 20);

    ModelFileException e =
        assertThrows(
            ModelFileException.class,
            () -> ModelFiles.loadCheckpoint(file, REGISTRY, new HeapBudget(64L << 20)));

    assertEquals(
        file
            + ": the file is 40.0 MB; loading it needs at least twice that, more than the Java"
            + " heap's limit of 64.0 MB (give Java more heap with -Xmx)",
        e.getMessage());
  }

  @Test
  void aFileWithinHalfTheHeapIsReadAndChecked() throws IOException {
    Path file = sparseModelFile("zeros.lmf", 8L << 20);

    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFiles.loadCheckpoint(file, REGISTRY, HEAP_16_MB));

    assertTrue(e.getMessage().startsWith(file + ": checksum mismatch"), e.getMessage());
  }

  /** A file of {@code size} bytes: a valid magic and version, then zeros (sparse on disk). */
  private Path sparseModelFile(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    byte[] head =
        ByteBuffer.allocate(ModelFormat.MAGIC.length + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(ModelFormat.MAGIC)
            .putInt(ModelFormat.VERSION)
            .array();
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.write(head);
      out.setLength(size);
    }
    assertEquals(size, Files.size(file));
    return file;
  }

  private static void assertDefect(Sequential model, HeapBudget budget, String expected) {
    byte[] bytes = ModelFiles.encode(model, null, REGISTRY);
    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFiles.decode("big.lmf", bytes, REGISTRY, budget));
    assertTrue(e.getMessage().startsWith("big.lmf: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: "
        + e.getMessage());
  }
}
