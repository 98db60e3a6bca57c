package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  private final LayerRegistry registry = TestModels.registry();

  @TempDir Path dir;

  @Test
  void loadedModelPredictsBitwiseTheSame() throws IOException {
    Sequential model = TestModels.small(7);
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(model, file, registry);

    Sequential loaded = ModelFiles.load(file, registry);

    Tensor x = TestModels.input(9, 4, 3);
    assertBitwiseEqual(model.predict(x), loaded.predict(x));
    assertEquals(model.summary(), loaded.summary());
  }

  @Test
  void loadingKeepsNamesShapesAndEveryParameterBit() throws IOException {
    Sequential model = TestModels.small(11);
    model.parameters().get(1).value().setFlat(0, -0f);
    model.parameters().get(1).value().setFlat(1, Float.MIN_VALUE);
    model.parameters().get(1).value().setFlat(2, Float.intBitsToFloat(0x807fffff));
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(model, file, registry);

    Sequential loaded = ModelFiles.load(file, registry);

    assertEquals(model.inputShape(), loaded.inputShape());
    for (int i = 0; i < model.layers().size(); i++) {
      assertEquals(model.layerName(i), loaded.layerName(i));
      assertEquals(model.layers().get(i).getClass(), loaded.layers().get(i).getClass());
    }
    assertParametersBitwiseEqual(model, loaded);
  }

  @Test
  void layerSettingsOfEveryTypeRoundTrip() throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(TestModels.small(1), file, registry);

    TestTagged tagged = (TestTagged) ModelFiles.load(file, registry).layers().get(2);

    assertEquals(TestModels.allTypes(), tagged.config());
  }

  @Test
  void nestedModelsRoundTrip() throws IOException {
    Sequential model = TestModels.nested(5);
    Path file = dir.resolve("nested.lmf");
    ModelFiles.save(model, file, registry);

    Sequential loaded = ModelFiles.load(file, registry);

    Sequential block = (Sequential) loaded.layers().get(1);
    assertEquals("inner", block.layerName(0));
    assertEquals(model.parameterCount(), loaded.parameterCount());
    assertParametersBitwiseEqual(model, loaded);
    Tensor x = TestModels.input(3, 4, 8);
    assertBitwiseEqual(model.predict(x), loaded.predict(x));
  }

  @Test
  void savingTheSameModelTwiceWritesIdenticalBytes() throws IOException {
    Sequential model = TestModels.nested(3);
    Path first = dir.resolve("first.lmf");
    Path second = dir.resolve("second.lmf");
    ModelFiles.save(model, TestModels.state(), first, registry);
    ModelFiles.save(model, TestModels.state(), second, registry);

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void aLoadedModelSavesToTheSameBytes() throws IOException {
    Path first = dir.resolve("first.lmf");
    Path second = dir.resolve("second.lmf");
    ModelFiles.save(TestModels.small(2), first, registry);

    ModelFiles.save(ModelFiles.load(first, registry), second, registry);

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void trainingStateRoundTrips() throws IOException {
    Path file = dir.resolve("checkpoint.lmf");
    ModelFiles.save(TestModels.small(4), TestModels.state(), file, registry);

    LoadedModel checkpoint = ModelFiles.loadCheckpoint(file, registry);

    TrainingState state = checkpoint.trainingState().orElseThrow();
    assertEquals(TestModels.state(), state);
    assertEquals(2L, state.getLong("epoch"));
    assertEquals(0x7fc00000, Float.floatToRawIntBits(state.getArray("velocity/dense_1/kernel")[2]));
  }

  @Test
  void aModelWithoutStateLoadsWithAnEmptyOptional() throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(TestModels.small(4), file, registry);

    assertEquals(Optional.empty(), ModelFiles.loadCheckpoint(file, registry).trainingState());
  }

  @Test
  void anEmptyStateIsStillAState() throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(TestModels.small(4), TrainingState.empty(), file, registry);

    assertEquals(
        Optional.of(TrainingState.empty()),
        ModelFiles.loadCheckpoint(file, registry).trainingState());
  }

  @Test
  void savingReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("model.lmf");
    Files.writeString(file, "an older file");

    ModelFiles.save(TestModels.small(4), file, registry);

    assertEquals(
        TestModels.small(4).parameterCount(), ModelFiles.load(file, registry).parameterCount());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void aFailedSaveLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("model.lmf");
    Files.writeString(file, "the old file");
    Sequential model = Sequential.of(dev.lamina.tensor.Shape.of(4), new TestSquare());

    assertThrows(
        IllegalArgumentException.class, () -> ModelFiles.save(model, file, LayerRegistry.empty()));

    assertEquals("the old file", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void aSaveThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(TestModels.small(1), file, registry);
    byte[] before = Files.readAllBytes(file);
    LayerRegistry failing =
        TestAffine.register(LayerRegistry.empty())
            .register("TestSquare", TestSquare.class, TestSquare::new)
            .register(
                "TestTagged",
                TestTagged.class,
                layer -> {
                  throw new IllegalStateException("encoder failed");
                },
                TestTagged::new);

    assertThrows(
        IllegalStateException.class, () -> ModelFiles.save(TestModels.small(2), file, failing));

    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void savingAnUnregisteredLayerNamesItAndHowToRegister() {
    Sequential model = TestModels.small(1);
    LayerRegistry partial = TestAffine.register(LayerRegistry.empty());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelFiles.save(model, dir.resolve("m.lmf"), partial));

    assertTrue(e.getMessage().contains("sq"), e.getMessage());
    assertTrue(e.getMessage().contains("TestSquare"), e.getMessage());
    assertTrue(e.getMessage().contains("register"), e.getMessage());
  }

  /** The hint read registry.register("", .class, encoder, decoder). */
  @Test
  void savingAnAnonymousLayerSaysToMakeItANamedClass() {
    Layer anonymous =
        new Layer() {
          @Override
          public Shape outputShape(Shape input) {
            return input;
          }

          @Override
          public Forward forward(Tensor x, boolean training) {
            return Forward.of(x.copy(), g -> g.copy());
          }
        };
    Sequential model = Sequential.of(Shape.of(3), anonymous);
    String type = anonymous.getClass().getName().substring("dev.lamina.training.io.".length());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelFiles.save(model, dir.resolve("m.lmf"), LayerRegistry.defaults()));

    assertEquals(
        "cannot save layer "
            + model.layerName(0)
            + " ("
            + type
            + "): its class dev.lamina.training.io."
            + type
            + " is not registered; an anonymous class has no name to register it by: make it a"
            + " named class, register it with registry.register(\"Name\", Name.class, encoder,"
            + " decoder) and save with that registry",
        e.getMessage());
    assertTrue(type.matches("ModelFilesTest\\$\\d+"), type);
  }

  @Test
  void savingALayerThatNamesTwoParametersAlikeNamesTheLayerAndWritesNothing() {
    Layer twoNamedW = new TwoNamedW();
    Sequential inner = Sequential.builder(Shape.of(3)).add("twice", twoNamedW).build();
    Sequential model = Sequential.builder(Shape.of(3)).add("outer", inner).build();
    Path file = dir.resolve("m.lmf");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.save(model, file,
            TestModels.registry().register("TwoNamedW", TwoNamedW.class, TwoNamedW::new)));

    assertEquals("layer outer/twice (TwoNamedW) gives two of its parameters"
        + " the name 'w'; a model file tells parameters apart by name (LayerContract reports"
        + " this)", e.getMessage());
    assertTrue(Files.notExists(file));
  }

  /** The identity with two unused parameters, both named {@code w}. */
  private static final class TwoNamedW implements Layer {
    private List<Parameter> parameters = List.of();

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public void build(Shape input, RandomGenerator random) {
      parameters = List.of(Parameter.zeros("w", input), Parameter.zeros("w", input));
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      return Forward.of(x.copy(), g -> g.copy());
    }

    @Override
    public List<Parameter> parameters() {
      return parameters;
    }
  }

  @Test
  void aRelativePathInTheWorkingFolderIsSavedAtomically() throws IOException {
    Path file = dir.resolve("sub").resolve("model.lmf");
    Files.createDirectories(file.getParent());

    ModelFiles.save(TestModels.small(1), file, registry);

    assertTrue(Files.size(file) > 0);
  }

  @Test
  void aStringThatIsNotValidUnicodeIsRefusedAtSave() {
    TrainingState state = TrainingState.builder().putString("bad", "\uD800").build();

    assertThrows(
        IllegalArgumentException.class,
        () -> ModelFiles.save(TestModels.small(1), state, dir.resolve("m.lmf"), registry));
  }

  @Test
  void aMissingFileIsReportedByName() {
    Path missing = dir.resolve("missing.lmf");

    IOException e = assertThrows(IOException.class, () -> ModelFiles.load(missing, registry));

    assertTrue(e.getMessage().contains("missing.lmf"), e.getMessage());
  }

  static void assertBitwiseEqual(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i);
    }
  }

  static void assertParametersBitwiseEqual(Sequential expected, Sequential actual) {
    List<Parameter> e = expected.parameters();
    List<Parameter> a = actual.parameters();
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i).name(), a.get(i).name());
      assertBitwiseEqual(e.get(i).value(), a.get(i).value());
    }
  }
}
