package dev.lamina.layers;

import static dev.lamina.layers.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.TorchCases.Case;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers against PyTorch 1.13: for the same inputs, parameters and upstream gradient, every
 * layer's output, dLoss/dInput and parameter gradients match what PyTorch computed
 * ({@code tools/torch-reference/generate.py} wrote the cases; see {@link TorchCases} for the
 * format and the tolerance). Each case is run every way the layer can be run: a training pass, an
 * inference pass (and its way back), and where the layer has one the parameters-only way back
 * and the in-place inference.
 */
class TorchReferenceTest {
  static Stream<Case> conv2d() {
    return TorchCases.read("conv2d.txt").stream();
  }

  static Stream<Case> dense() {
    return TorchCases.read("dense.txt").stream();
  }

  static Stream<Case> pooling() {
    return TorchCases.read("pooling.txt").stream();
  }

  static Stream<Case> activations() {
    return TorchCases.read("activations.txt").stream();
  }

  /** Conv2D's kernel is {@code [F, C, KH, KW]} and its bias {@code [F]}, as in PyTorch. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("conv2d")
  void conv2dMatchesPyTorch(Case c) {
    int[] kernel = c.pair("kernel");
    Conv2D conv = Conv2D.builder(c.intSetting("filters")).kernel(kernel[0], kernel[1])
        .stride(c.intSetting("stride")).padding(c.intSetting("padding")).build();
    Tensor x = c.tensor("input");
    conv.build(x.shape().dropFirst(), new SplittableRandom(1));
    conv.kernel().value().copyFrom(c.tensor("weight"));
    conv.bias().value().copyFrom(c.tensor("bias"));

    checkLayer(c, conv, k -> k);
  }

  /**
   * Dense's kernel is {@code [inputs, units]} ({@code Y = X · W + b}); PyTorch's Linear stores the
   * transpose, {@code [out, in]} ({@code Y = X · Wᵀ + b}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dense")
  void denseMatchesPyTorch(Case c) {
    Dense dense = new Dense(c.intSetting("units"));
    Tensor x = c.tensor("input");
    dense.build(x.shape().dropFirst(), new SplittableRandom(1));
    dense.kernel().value().copyFrom(c.tensor("weight").transpose());
    dense.bias().value().copyFrom(c.tensor("bias"));

    checkLayer(c, dense, Tensor::transpose);
  }

  /**
   * PyTorch's pooling with its defaults: floor output sizes, max pooling padded with -inf,
   * average pooling padded with zeros that count in the divisor ({@code count_include_pad=True}),
   * the gradient of a max to the first largest element in row-major order (the {@code ties}
   * cases).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pooling")
  void poolingMatchesPyTorch(Case c) {
    int[] kernel = c.pair("kernel");
    int stride = c.intSetting("stride");
    int padding = c.intSetting("padding");
    Layer pool = c.kind().equals("maxpool2d")
        ? new MaxPool2D(kernel[0], kernel[1], stride, padding)
        : new AvgPool2D(kernel[0], kernel[1], stride, padding);
    assertEquals(c.tensor("output").shape().dropFirst(),
        pool.outputShape(c.tensor("input").shape().dropFirst()), c + ": output shape");

    checkLayer(c, pool, k -> k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void activationMatchesPyTorch(Case c) {
    Layer layer = switch (c.kind()) {
      case "relu" -> new ReLU();
      case "leaky_relu" -> new LeakyReLU(Float.parseFloat(c.setting("slope")));
      case "sigmoid" -> new Sigmoid();
      case "tanh" -> new Tanh();
      case "softmax" -> new Softmax();
      case "flatten" -> new Flatten();
      case "dropout" -> new Dropout(Double.parseDouble(c.setting("rate")), 7);
      case "rescaling" -> new Rescaling(Float.parseFloat(c.setting("scale")),
          Float.parseFloat(c.setting("offset")));
      default -> throw new IllegalArgumentException("unknown kind " + c);
    };
    layer.build(c.tensor("input").shape().dropFirst(), new SplittableRandom(1));
    if (layer instanceof Dropout) { // PyTorch's cases are inference (eval mode): the identity
      check(c, "inference", layer.forward(c.tensor("input"), false), true);
      return;
    }
    checkLayer(c, layer, k -> k);
    if (layer instanceof InPlaceInference inPlace) {
      Tensor y = c.tensor("input").copy();
      inPlace.inferInPlace(y);
      assertClose(c, "output of inferInPlace", c.tensor("output"), y);
    }
    if (layer instanceof Softmax) {
      assertClose(c, "output of Softmax.softmax", c.tensor("output"),
          Softmax.softmax(c.tensor("input")));
    }
  }

  /**
   * Runs {@code layer} on the case's input in a training pass and in an inference pass, compares
   * both outputs and both ways back with PyTorch's, and for a layer with parameters (kernel and
   * bias, set to PyTorch's values) also their gradients, after both ways back and after the
   * parameters-only one. {@code toLamina} turns PyTorch's weight layout into the kernel's.
   */
  private static void checkLayer(Case c, Layer layer, UnaryOperator<Tensor> toLamina) {
    Tensor x = c.tensor("input");
    boolean kernel = !layer.parameters().isEmpty();
    for (boolean training : new boolean[] {true, false}) {
      zeroGradients(layer);
      String pass = training ? "training" : "inference";
      Forward f = layer.forward(x, training);
      check(c, pass, f, true);
      if (kernel) {
        assertClose(c, "kernel gradient (" + pass + ")",
            toLamina.apply(c.tensor("grad_weight")), layer.parameters().get(0).gradient());
        assertClose(c, "bias gradient (" + pass + ")", c.tensor("grad_bias"),
            layer.parameters().get(1).gradient());
      }
    }
    if (kernel) {
      zeroGradients(layer);
      layer.forward(x, true).backwardParameters(c.tensor("grad_output"));
      assertClose(c, "kernel gradient (parameters only)",
          toLamina.apply(c.tensor("grad_weight")), layer.parameters().get(0).gradient());
      assertClose(c, "bias gradient (parameters only)", c.tensor("grad_bias"),
          layer.parameters().get(1).gradient());
      assertEquals(List.of("kernel", "bias"),
          layer.parameters().stream().map(Parameter::name).toList());
    }
  }

  /** Compares the output of {@code f} and, when {@code back}, its dLoss/dInput. */
  private static void check(Case c, String pass, Forward f, boolean back) {
    assertClose(c, "output (" + pass + ")", c.tensor("output"), f.output());
    if (back) {
      Tensor dx = f.backward(c.tensor("grad_output"));
      assertClose(c, "input gradient (" + pass + ")", c.tensor("grad_input"), dx);
    }
  }

  private static void zeroGradients(Layer layer) {
    layer.parameters().forEach(Parameter::zeroGradient);
  }
}
