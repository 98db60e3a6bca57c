package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInLayerContractTest {
  private static Arguments layer(String name, Supplier<Layer> layer, int... shape) {
    return Arguments.of(name, layer, Shape.of(shape));
  }

  static Stream<Arguments> layers() {
    return Stream.of(
        layer("Dense 5 <- 7", () -> new Dense(5), 7),
        layer("Dense 1 <- 1", () -> new Dense(1), 1),
        layer("Dense xavier", () -> Dense.builder(3).weightInit(WeightInit.XAVIER).build(), 12),
        layer("Dense notebook",
            () -> Dense.builder(4).weightInit(WeightInit.NOTEBOOK_NORMAL).build(), 6),
        layer("Conv2D 3x3", () -> new Conv2D(2, 3), 1, 6, 6),
        layer("Conv2D direct, rows wider than a vector", () -> new Conv2D(6, 3), 1, 9, 20),
        layer("Conv2D through columns (36 rows)", () -> new Conv2D(5, 3), 4, 6, 7),
        layer("Conv2D stride 2 pad 1",
            () -> Conv2D.builder(3).kernel(3).stride(2).padding(1).build(), 2, 7, 9),
        layer("Conv2D 2x3 kernel", () -> Conv2D.builder(4).kernel(2, 3).build(), 3, 5, 8),
        layer("Conv2D 1x1", () -> Conv2D.builder(2).kernel(1).build(), 3, 4, 4),
        layer("Conv2D kernel = input", () -> Conv2D.builder(2).kernel(4, 5).build(), 2, 4, 5),
        layer("Conv2D stride 3 pad 2",
            () -> Conv2D.builder(2).kernel(3).stride(3).padding(2).build(), 2, 5, 7),
        layer("Flatten", Flatten::new, 2, 3, 4),
        layer("ReLU", ReLU::new, 3, 5),
        layer("LeakyReLU", () -> new LeakyReLU(0.1f), 4, 3),
        layer("Rescaling", () -> Rescaling.standardizing(0.1307, 0.3081), 2, 3, 3),
        layer("Sigmoid", Sigmoid::new, 6),
        layer("Tanh", Tanh::new, 2, 3, 3),
        layer("Softmax 10", Softmax::new, 10),
        layer("Softmax 1", Softmax::new, 1),
        layer("Softmax rows", Softmax::new, 3, 4),
        layer("MaxPool2D 2", () -> new MaxPool2D(2), 2, 6, 6),
        layer("MaxPool2D 3 stride 2 pad 1", () -> new MaxPool2D(3, 2, 1), 3, 7, 9),
        layer("MaxPool2D 2x3", () -> new MaxPool2D(2, 3, 1, 1), 2, 5, 8),
        layer("AvgPool2D 2", () -> new AvgPool2D(2), 2, 6, 6),
        layer("AvgPool2D 3 stride 2 pad 1", () -> new AvgPool2D(3, 2, 1), 3, 7, 9),
        layer("AvgPool2D 2x3", () -> new AvgPool2D(2, 3, 1, 1), 2, 5, 8),
        layer("Dropout rate 0", () -> new Dropout(0, 1), 5),
        layer("Sequential", () -> Sequential.of(Shape.of(1, 6, 5),
            new Conv2D(2, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(3),
            new Softmax()),
            1, 6, 5));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("layers")
  void builtInLayerKeepsTheContract(String name, Supplier<Layer> layer, Shape input) {
    LayerContract.Report report = LayerContract.of(layer.get(), input).batch(3).verify();

    assertTrue(report.passed(), report::toString);
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("layers")
  void builtInLayerKeepsTheContractWithOneSample(String name, Supplier<Layer> layer, Shape input) {
    assertTrue(LayerContract.of(layer.get(), input).batch(1).seed(99).verify().passed());
  }
}
