package dev.lamina.training;

import static dev.lamina.training.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.Parameter;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.TorchCases.Case;
import dev.lamina.training.loss.Loss;
import dev.lamina.training.loss.LossResult;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.Optimizer;
import dev.lamina.training.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses and optimizers against PyTorch 1.13 ({@code tools/torch-reference/generate.py} wrote
 * the cases; see {@link TorchCases} for the format and the tolerance).
 *
 * <p>Losses: Lamina's cross-entropy fused with a final Softmax is PyTorch's
 * {@code F.cross_entropy} on the logits (mean over the batch; class indices or class-probability
 * targets); unfused, on probabilities, it is {@code -mean_i Σ_c y log p}
 * ({@code F.nll_loss(log p, y)} for indices); mean squared error is {@code F.mse_loss}, the mean
 * over every element. Optimizers: {@code torch.optim.SGD} (momentum, Nesterov, dampening 0) and
 * {@code torch.optim.Adam} (not AdamW: Lamina's weight decay adds {@code weightDecay · w} to the
 * gradient, as both of those do), parameters compared after every step.
 */
class TorchReferenceTest {
  static Stream<Case> losses() {
    return TorchCases.read("losses.txt").stream();
  }

  static Stream<Case> optimizers() {
    return TorchCases.read("optimizers.txt").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void lossMatchesPyTorch(Case c) {
    Loss loss = c.kind().equals("mse") ? Losses.meanSquaredError() : Losses.crossEntropy();
    boolean indices = c.tensors().containsKey("labels");
    Tensor targets = c.tensor(indices ? "labels" : "targets");
    Tensor value = c.tensor("value");
    Tensor grad = c.tensor("grad");
    switch (c.kind()) {
      case "cross_entropy_logits" -> {
        Tensor logits = c.tensor("logits");
        Tensor probabilities = Softmax.softmax(logits);
        check(c, "from logits", value, grad, loss.computeFromLogits(logits, probabilities,
            targets));
        if (indices) {
          check(c, "from logits, int[] labels", value, grad,
              loss.computeFromLogits(logits, probabilities, labels(targets)));
          assertClose(c, "valueFromLogits", value,
              scalar(loss.valueFromLogits(logits, labels(targets))));
        }
      }
      case "cross_entropy_probabilities", "mse" -> {
        Tensor predictions = c.tensor(c.kind().equals("mse") ? "prediction" : "probabilities");
        check(c, "compute", value, grad, loss.compute(predictions, targets));
        assertClose(c, "value", value, scalar(loss.value(predictions, targets)));
        if (indices) {
          check(c, "compute, int[] labels", value, grad,
              loss.compute(predictions, labels(targets)));
        }
      }
      default -> throw new IllegalArgumentException("unknown kind " + c);
    }
  }

  /**
   * From the same start and the same gradients, the parameters after each of the steps are
   * PyTorch's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void optimizerMatchesPyTorch(Case c) {
    Optimizer optimizer = optimizer(c);
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; c.tensors().containsKey("p" + i + ".init"); i++) {
      parameters.add(new Parameter("p" + i, c.tensor("p" + i + ".init").copy()));
    }
    int steps = c.intSetting("steps");
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < parameters.size(); i++) {
        parameters.get(i).gradient().copyFrom(c.tensor("p" + i + ".grad" + step));
      }
      optimizer.step(parameters);
      for (int i = 0; i < parameters.size(); i++) {
        assertClose(c, "p" + i + " after step " + step, c.tensor("p" + i + ".step" + step),
            parameters.get(i).value());
      }
    }
    assertEquals(steps, optimizer.steps());
  }

  /** The optimizer of a case, from torch.optim's settings ({@code lr}, {@code momentum}, ...). */
  private static Optimizer optimizer(Case c) {
    double lr = Double.parseDouble(c.setting("lr"));
    double weightDecay = Double.parseDouble(c.settings().getOrDefault("weight_decay", "0"));
    if (c.kind().equals("sgd")) {
      return Sgd.builder().learningRate(lr)
          .momentum(Double.parseDouble(c.settings().getOrDefault("momentum", "0")))
          .nesterov(Boolean.parseBoolean(c.settings().getOrDefault("nesterov", "false")))
          .weightDecay(weightDecay)
          .build();
    }
    assertEquals("adam", c.kind(), c + ": optimizer");
    return Adam.builder().learningRate(lr)
        .beta1(Double.parseDouble(c.settings().getOrDefault("beta1", "0.9")))
        .beta2(Double.parseDouble(c.settings().getOrDefault("beta2", "0.999")))
        .epsilon(Double.parseDouble(c.settings().getOrDefault("eps", "1e-8")))
        .weightDecay(weightDecay)
        .build();
  }

  private static void check(Case c, String how, Tensor value, Tensor grad, LossResult result) {
    assertClose(c, "value (" + how + ")", value, scalar(result.value()));
    assertClose(c, "gradient (" + how + ")", grad, result.gradient());
  }

  private static Tensor scalar(float value) {
    return Tensor.of(Shape.of(1), value);
  }

  private static int[] labels(Tensor indices) {
    int[] labels = new int[indices.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) indices.getFlat(i);
    }
    return labels;
  }
}
