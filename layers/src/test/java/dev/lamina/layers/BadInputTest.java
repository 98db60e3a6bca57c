package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BadInputTest {
  private static Arguments bad(String message, Supplier<?> construction) {
    return Arguments.of(message, construction);
  }

  static Stream<Arguments> badConstructions() {
    return Stream.of(
        bad("Dense: units must be positive, got 0", () -> new Dense(0)),
        bad("Dense: units must be positive, got -3", () -> Dense.builder(-3).build()),
        bad("Dense: units is required", () -> Dense.builder().build()),
        bad("Conv2D: filters must be positive, got 0", () -> new Conv2D(0, 3)),
        bad("Conv2D: kernel height must be positive, got -1",
            () -> Conv2D.builder(2).kernel(-1, 3).build()),
        bad("Conv2D: kernel width must be positive, got 0",
            () -> Conv2D.builder(2).kernel(3, 0).build()),
        bad("Conv2D: the kernel size is required", () -> Conv2D.builder(2).build()),
        bad("Conv2D: stride must be positive, got 0",
            () -> Conv2D.builder(2).kernel(3).stride(0).build()),
        bad("Conv2D: padding must not be negative, got -1",
            () -> Conv2D.builder(2).kernel(3).padding(-1).build()),
        bad("Rescaling: scale must be finite and non-zero and offset finite, got scale 0.0",
            () -> new Rescaling(0f, 1f)),
        bad("Rescaling: std must be positive and finite and mean finite, got mean 0.5, std -1.0",
            () -> Rescaling.standardizing(0.5, -1)),
        bad("Rescaling: mean 0.0 and std 1.0E-50 give the scale Infinity and the offset -0.0 as"
            + " floats", () -> Rescaling.standardizing(0, 1e-50)),
        bad("Rescaling: mean 1.0E40 and std 1.0 give the scale 1.0 and the offset -Infinity",
            () -> Rescaling.standardizing(1e40, 1)),
        bad("MaxPool2D: kernel height must be positive, got 0", () -> new MaxPool2D(0)),
        bad("MaxPool2D: stride must be positive, got -2", () -> new MaxPool2D(2, -2, 0)),
        bad("MaxPool2D: padding must be at most half the kernel (2x2), got 2",
            () -> new MaxPool2D(2, 1, 2)),
        bad("MaxPool2D: padding must be at most half the kernel (3x3), got 2147483647",
            () -> new MaxPool2D(3, 1, Integer.MAX_VALUE)),
        bad("AvgPool2D: padding must be at most half the kernel (3x3), got 1073741824",
            () -> new AvgPool2D(3, 1, 1 << 30)),
        bad("AvgPool2D: padding must not be negative, got -1", () -> new AvgPool2D(3, 1, -1)),
        bad("AvgPool2D: kernel width must be positive, got 0", () -> new AvgPool2D(2, 0, 1, 0)),
        bad("Dropout: rate must be in [0, 1), got 1.0", () -> new Dropout(1.0)),
        bad("Dropout: rate must be in [0, 1), got -0.1", () -> new Dropout(-0.1, 3)),
        bad("Dropout: rate must be in [0, 1), got NaN", () -> new Dropout(Double.NaN)),
        bad("LeakyReLU: slope must be in [0, 1), got -0.5", () -> new LeakyReLU(-0.5f)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConstructions")
  void badSettingsFailAtConstructionNamingTheLayerSettingAndValue(String message,
      Supplier<?> construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::get);

    assertTrue(e.getMessage().startsWith(message), () -> "message was: " + e.getMessage());
  }

  static Stream<Arguments> badStacks() {
    return Stream.of(
        Arguments.of(Shape.of(1, 28, 28), new Layer[] {new Conv2D(4, 3), new Dense(10)},
            "layer 2 (dense_1, Dense): expects [batch, features], got [batch, 4, 26, 26];"
                + " add a Flatten before it"),
        Arguments.of(Shape.of(1, 2, 2), new Layer[] {new Conv2D(4, 3)},
            "layer 1 (conv2d_1, Conv2D): invalid output size: kernel height 3 is larger than"
                + " the padded input height 2"),
        Arguments.of(Shape.of(1, 5, 2),
            new Layer[] {Conv2D.builder(1).kernel(5).padding(1).build()},
            "layer 1 (conv2d_1, Conv2D): invalid output size: kernel width 5 is larger than"
                + " the padded input width 4"),
        Arguments.of(Shape.of(3, 8, 8),
            new Layer[] {new Conv2D(2, 3), new MaxPool2D(2), new MaxPool2D(2), new MaxPool2D(2)},
            "layer 4 (max_pool2d_3, MaxPool2D): invalid output size"),
        Arguments.of(Shape.of(10), new Layer[] {new Dense(5), new Conv2D(2, 3)},
            "layer 2 (conv2d_1, Conv2D): expects [batch, channels, height, width], got [batch, 5]"),
        Arguments.of(Shape.of(10), new Layer[] {new Dense(5), new AvgPool2D(2)},
            "layer 2 (avg_pool2d_1, AvgPool2D): expects [batch, channels, height, width],"
                + " got [batch, 5]"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badStacks")
  void stacksWhoseShapesDoNotFitFailAtBuildNamingTheLayer(Shape input, Layer[] layers,
      String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sequential.of(input, layers));

    assertTrue(e.getMessage().startsWith(message), () -> "message was: " + e.getMessage());
  }

  static Stream<Arguments> builtLayers() {
    Shape image = Shape.of(2, 6, 6);
    return Stream.of(
        Arguments.of(image, new ReLU(), true), Arguments.of(image, new LeakyReLU(0.1f), true),
        Arguments.of(image, new Sigmoid(), true), Arguments.of(image, new Tanh(), true),
        Arguments.of(image, new Dropout(0.5, 7), true),
        Arguments.of(image, new Dropout(0.5, 7), false),
        Arguments.of(image, new Rescaling(2f, 1f), true),
        Arguments.of(image, new MaxPool2D(2), true),
        Arguments.of(image, new MaxPool2D(2), false), Arguments.of(image, new AvgPool2D(2), true),
        Arguments.of(image, new Conv2D(3, 3), true),
        Arguments.of(Shape.of(1, 6, 6), new Conv2D(3, 3), true),
        Arguments.of(image, new Flatten(), true), Arguments.of(Shape.of(6), new Dense(4), true),
        Arguments.of(Shape.of(6), new Softmax(), true));
  }

  /**
   * A gradient for three samples after a pass over two: every layer names itself and both shapes.
   */
  @ParameterizedTest(name = "{1}, training {2}")
  @MethodSource("builtLayers")
  void aGradientOfTheWrongShapeFailsNamingTheLayer(Shape input, Layer layer, boolean training) {
    Sequential.of(input, layer);
    Forward pass = layer.forward(Tensor.zeros(input.prepend(2)), training);
    Tensor wrong = Tensor.zeros(pass.output().shape().withDim(0, 3));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pass.backward(wrong));

    assertTrue(e.getMessage().startsWith(layer + " backward: gradient " + wrong.shape()
        + " does not match the output " + pass.output().shape()), e.getMessage());
  }

  @Test
  void aZeroSizedInputShapeIsRejected() {
    Executable zero = () -> Sequential.builder(Shape.of(1, 0, 28));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, zero);
    assertTrue(e.getMessage().contains("dimension 1 is 0"), e.getMessage());
  }

  @Test
  void aNullLayerIsRejectedWithItsPosition() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Sequential.builder(Shape.of(3)).add(new Dense(2)).add((Layer) null));

    assertEquals("layer 2 is null", e.getMessage());
  }

  /** Run on their own, without a Sequential to name them, these layers named nothing. */
  @Test
  void aLayerRunOnItsOwnNamesItselfInItsShapeErrors() {
    Tensor tiny = Tensor.zeros(Shape.of(1, 1, 2, 2));

    IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2D(3).forward(tiny, false));
    assertTrue(pool.getMessage().startsWith("MaxPool2D(kernel=3x3, stride=3, padding=0): "),
        pool.getMessage());
    IllegalArgumentException conv = assertThrows(IllegalArgumentException.class,
        () -> new Conv2D(2, 3).build(Shape.of(1, 2, 2), new java.util.SplittableRandom(1)));
    assertTrue(conv.getMessage().startsWith("Conv2D(filters=2, kernel=3x3, "), conv.getMessage());
    IllegalArgumentException softmax = assertThrows(IllegalArgumentException.class,
        () -> new Softmax().forward(Tensor.of(Shape.of(3), 1, 2, 3), false));
    assertEquals("Softmax: expects [batch, ..., classes], got [3]", softmax.getMessage());
  }
}
