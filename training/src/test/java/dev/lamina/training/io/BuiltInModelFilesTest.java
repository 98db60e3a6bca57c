package dev.lamina.training.io;

import static dev.lamina.training.io.ModelFilesTest.assertBitwiseEqual;
import static dev.lamina.training.io.ModelFilesTest.assertParametersBitwiseEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.AvgPool2D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LeakyReLU;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Rescaling;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Sigmoid;
import dev.lamina.layers.Softmax;
import dev.lamina.layers.Tanh;
import dev.lamina.layers.WeightInit;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInModelFilesTest {
  @TempDir Path dir;

  /** The seed notebook's network: Conv2D 4x3x3, Flatten, Dense 64, ReLU, Dense 10, Softmax. */
  static Sequential notebook() {
    return Sequential.builder(Shape.of(1, 28, 28))
        .add(Conv2D.builder(4).kernel(3).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Flatten())
        .add(Dense.builder(64).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new ReLU())
        .add(Dense.builder(10).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Softmax())
        .seed(7)
        .build();
  }

  /** LeNet-like, with every other built-in layer type. */
  static Sequential lenet() {
    return Sequential.builder(Shape.of(1, 28, 28))
        .add(Conv2D.builder(6).kernel(5).padding(2).build())
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(Conv2D.builder(16).kernel(5, 3).stride(1).weightInit(WeightInit.XAVIER).build())
        .add(new Tanh())
        .add(new AvgPool2D(2, 2, 0))
        .add(new Flatten())
        .add(
            "fc1",
            Dense.builder(120)
                .weightInit(WeightInit.XAVIER)
                .biasInit(WeightInit.NOTEBOOK_NORMAL)
                .build())
        .add(new LeakyReLU(0.2f))
        .add(Rescaling.standardizing(0.5, 2))
        .add(new Dropout(0.5))
        .add(Dense.builder(84).build())
        .add(new Sigmoid())
        .add(new Dense(10))
        .add(new Softmax())
        .seed(11)
        .build();
  }

  static Stream<Sequential> models() {
    return Stream.of(notebook(), lenet());
  }

  @ParameterizedTest
  @MethodSource("models")
  void aLoadedModelPredictsBitwiseTheSame(Sequential model) throws IOException {
    Path file = dir.resolve("model.lmf");
    ModelFiles.save(model, file);

    Sequential loaded = ModelFiles.load(file);

    Tensor x = images(5, 3);
    assertBitwiseEqual(model.predict(x), loaded.predict(x));
    assertParametersBitwiseEqual(model, loaded);
    assertEquals(model.summary(), loaded.summary());
  }

  @ParameterizedTest
  @MethodSource("models")
  void savingTwiceAndResavingALoadedModelWriteIdenticalBytes(Sequential model) throws IOException {
    Path first = dir.resolve("first.lmf");
    Path second = dir.resolve("second.lmf");
    Path third = dir.resolve("third.lmf");
    ModelFiles.save(model, first);
    ModelFiles.save(model, second);
    ModelFiles.save(ModelFiles.load(first), third);

    byte[] bytes = Files.readAllBytes(first);
    assertArrayEquals(bytes, Files.readAllBytes(second));
    assertArrayEquals(bytes, Files.readAllBytes(third));
  }

  @Test
  void theNotebookFileHoldsItsParametersAsFloat32() throws IOException {
    Path file = dir.resolve("notebook.lmf");
    Sequential model = notebook();

    ModelFiles.save(model, file);

    long floats = model.parameterCount();
    assertEquals(173_810, floats);
    assertTrue(
        Files.size(file) > 4 * floats && Files.size(file) < 4 * floats + 1024,
        "size " + Files.size(file));
  }

  @Test
  void dropoutContinuesItsMaskStreamAfterLoading() throws IOException {
    Sequential model = lenet();
    Tensor x = images(4, 9);
    model.forward(x, true);
    Path file = dir.resolve("lenet.lmf");
    ModelFiles.save(model, file);

    Sequential loaded = ModelFiles.load(file);

    Forward original = model.forward(x, true);
    Forward resumed = loaded.forward(x, true);
    assertBitwiseEqual(original.output(), resumed.output());
  }

  @Test
  void aCustomRegisteredLayerRoundTripsAmongBuiltIns() throws IOException {
    LayerRegistry registry =
        TestAffine.register(LayerRegistry.defaults()).register("Swish", Swish.class, Swish::new);
    Sequential model =
        Sequential.builder(Shape.of(1, 28, 28))
            .add(new Flatten())
            .add(new Dense(32))
            .add(new Swish())
            .add(new TestAffine(10, 0.5))
            .add(new Softmax())
            .build();
    Path file = dir.resolve("custom.lmf");
    ModelFiles.save(model, file, registry);

    Sequential loaded = ModelFiles.load(file, registry);

    assertInstanceOf(Swish.class, loaded.layers().get(2));
    Tensor x = images(3, 1);
    assertBitwiseEqual(model.predict(x), loaded.predict(x));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(file));
    assertTrue(e.getMessage().contains("'Swish', which is not registered"), e.getMessage());
  }

  @Test
  void nestedBuiltInModelsRoundTrip() throws IOException {
    Sequential features =
        Sequential.builder(Shape.of(1, 28, 28))
            .add(new Conv2D(3, 3))
            .add(new ReLU())
            .add(new MaxPool2D(2))
            .build();
    Sequential model =
        Sequential.builder(Shape.of(1, 28, 28))
            .add("features", features)
            .add(new Flatten())
            .add(new Dense(10))
            .add(new Softmax())
            .build();
    Path file = dir.resolve("nested.lmf");
    ModelFiles.save(model, file);

    Sequential loaded = ModelFiles.load(file);

    assertEquals(
        List.copyOf(model.namedParameters().keySet()),
        List.copyOf(loaded.namedParameters().keySet()));
    Tensor x = images(2, 4);
    assertBitwiseEqual(model.predict(x), loaded.predict(x));
  }

  @Test
  void everyBuiltInLayerIsRegistered() {
    assertEquals(
        List.of(
            "AvgPool2D",
            "Conv2D",
            "Dense",
            "Dropout",
            "Flatten",
            "LeakyReLU",
            "MaxPool2D",
            "ReLU",
            "Rescaling",
            "Sigmoid",
            "Softmax",
            "Tanh"),
        List.copyOf(LayerRegistry.defaults().typeNames()));
  }

  static Stream<Layer> configuredLayers() {
    return Stream.of(
        Dense.builder(7).weightInit(WeightInit.XAVIER).biasInit(WeightInit.NOTEBOOK_NORMAL).build(),
        Conv2D.builder(5).kernel(3, 2).stride(2).padding(1).weightInit(WeightInit.ZEROS).build(),
        new MaxPool2D(3, 2, 2, 1),
        new AvgPool2D(2, 4, 3, 1),
        new Dropout(0.25, 99),
        new LeakyReLU(0.3f),
        new Rescaling(2.5f, -0.25f),
        new Flatten(),
        new ReLU(),
        new Sigmoid(),
        new Tanh(),
        new Softmax());
  }

  @ParameterizedTest
  @MethodSource("configuredLayers")
  void everyBuiltInCodecKeepsEverySetting(Layer layer) {
    LayerRegistry registry = LayerRegistry.defaults();
    LayerConfig config = registry.encode(layer);

    Layer decoded = registry.decode(layer.typeName(), config);

    assertEquals(layer.getClass(), decoded.getClass());
    assertEquals(config, registry.encode(decoded));
    assertEquals(layer.toString(), decoded.toString());
  }

  @Test
  void anUnknownInitializerNameIsReported() {
    LayerConfig config =
        LayerConfig.builder()
            .putInt("units", 3)
            .putString("weightInit", "MAGIC")
            .putString("biasInit", "ZEROS")
            .build();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LayerRegistry.defaults().decode("Dense", config));

    assertTrue(
        e.getMessage().contains("weightInit 'MAGIC' is not one of [HE, XAVIER"), e.getMessage());
  }

  private static Tensor images(int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[batch * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return Tensor.of(Shape.of(batch, 1, 28, 28), x);
  }

  /** A user's layer without settings: {@code x * sigmoid(x)}. */
  static final class Swish implements Layer {
    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Tensor y = x.map(v -> v / (1 + (float) Math.exp(-v)));
      return Forward.of(
          y,
          g -> {
            throw new UnsupportedOperationException("inference only");
          });
    }
  }
}
