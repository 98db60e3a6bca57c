package dev.lamina.training;

import static dev.lamina.layers.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.ArrayDataset;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.layers.TorchCases;
import dev.lamina.layers.TorchCases.Case;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.loss.Loss;
import dev.lamina.training.loss.LossResult;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.LearningRateSchedule;
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
 * gradient, as both of those do), parameters compared after every step; learning-rate schedules
 * against {@code torch.optim.lr_scheduler}; and a few epochs of a small CNN through the
 * {@link Trainer} against PyTorch's training loop.
 */
class TorchReferenceTest {
  static Stream<Case> losses() {
    return TorchCases.read("losses.txt").stream();
  }

  static Stream<Case> optimizers() {
    return TorchCases.read("optimizers.txt").stream();
  }

  static Stream<Case> schedules() {
    return TorchCases.read("schedules.txt").stream();
  }

  static Stream<Case> trainingRuns() {
    return TorchCases.read("training.txt").stream();
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

  /**
   * The rate of every epoch is that of PyTorch's StepLR, ExponentialLR and CosineAnnealingLR
   * stepped once per epoch, up to the cosine's last epoch. After it the two part on purpose:
   * PyTorch's cosine rises again (it is periodic), Lamina's stays at its minimum.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("schedules")
  void scheduleMatchesPyTorch(Case c) {
    double lr = Double.parseDouble(c.setting("lr"));
    String type = c.setting("type");
    LearningRateSchedule schedule = switch (type) {
      case "step" -> LearningRateSchedule.step(lr, c.intSetting("every"),
          Double.parseDouble(c.setting("gamma")));
      case "exponential" -> LearningRateSchedule.exponential(lr,
          Double.parseDouble(c.setting("gamma")));
      case "cosine" -> LearningRateSchedule.cosine(lr, c.intSetting("epochs"),
          Double.parseDouble(c.setting("min")));
      default -> throw new IllegalArgumentException("unknown schedule " + c);
    };
    Tensor rates = c.tensor("rates");
    int compared = type.equals("cosine") ? c.intSetting("epochs") + 1 : rates.size();
    float[] lamina = new float[compared];
    for (int epoch = 0; epoch < compared; epoch++) {
      lamina[epoch] = (float) schedule.rate(epoch);
    }
    assertClose(c, "rates", rates.slice(0, compared), Tensor.of(Shape.of(compared), lamina));
    for (int epoch = compared; epoch < rates.size(); epoch++) {
      assertEquals(Double.parseDouble(c.setting("min")), schedule.rate(epoch), 1e-12,
          c + ": rate after the cosine's last epoch");
    }
  }

  /**
   * A small CNN (Conv2D 3x3 padding 1, ReLU, MaxPool2D, Flatten, Dense, Softmax) trained by the
   * {@link Trainer} with cross-entropy, batches in order, ends with PyTorch's parameters and
   * epoch losses (the mean of the batches' losses, each measured before its update) from the same
   * start: the fused Softmax, the mean over the batch, the gradients cleared between steps and the
   * learning rate's epochs are PyTorch's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingRuns")
  void trainingRunMatchesPyTorch(Case c) {
    Tensor features = c.tensor("features");
    Sequential model = Sequential.builder(features.shape().dropFirst())
        .add(Conv2D.builder(2).kernel(3).padding(1).build())
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new Flatten())
        .add(new Dense(4))
        .add(new Softmax())
        .seed(1)
        .build();
    List<Parameter> parameters = model.parameters();
    String[] names = {"conv.weight", "conv.bias", "dense.weight", "dense.bias"};
    for (int i = 0; i < names.length; i++) {
      parameters.get(i).value().copyFrom(laminaLayout(c.tensor(names[i] + ".init")));
    }
    Trainer trainer = Trainer.builder()
        .model(model)
        .loss(Losses.crossEntropy())
        .optimizer(optimizer(c))
        .batchSize(c.intSetting("batch"))
        .epochs(c.intSetting("epochs"))
        .shuffle(false)
        .build();

    TrainingHistory history = trainer.fit(
        new ArrayDataset(features, labels(c.tensor("labels")), model.outputShape().dim(0)));

    for (int i = 0; i < names.length; i++) {
      assertClose(c, names[i] + " after training", laminaLayout(c.tensor(names[i] + ".final")),
          parameters.get(i).value());
    }
    float[] losses = new float[history.epochs().size()];
    for (int e = 0; e < losses.length; e++) {
      losses[e] = (float) history.epochs().get(e).loss();
    }
    assertClose(c, "epoch losses", c.tensor("epoch_losses"),
        Tensor.of(Shape.of(losses.length), losses));
  }

  /** PyTorch's Linear weight {@code [out, in]} as Dense's {@code [in, out]}; others as they are. */
  private static Tensor laminaLayout(Tensor torch) {
    return torch.rank() == 2 ? torch.transpose() : torch;
  }

  /**
   * The optimizer of a case, from torch.optim's settings ({@code lr}, {@code momentum}, ...; a
   * StepLR's {@code every} and {@code gamma}).
   */
  private static Optimizer optimizer(Case c) {
    double lr = Double.parseDouble(c.setting("lr"));
    LearningRateSchedule schedule = c.settings().containsKey("every")
        ? LearningRateSchedule.step(lr, c.intSetting("every"),
            Double.parseDouble(c.setting("gamma")))
        : LearningRateSchedule.constant(lr);
    double weightDecay = Double.parseDouble(c.settings().getOrDefault("weight_decay", "0"));
    if (c.kind().endsWith("sgd")) {
      return Sgd.builder().schedule(schedule)
          .momentum(Double.parseDouble(c.settings().getOrDefault("momentum", "0")))
          .nesterov(Boolean.parseBoolean(c.settings().getOrDefault("nesterov", "false")))
          .weightDecay(weightDecay)
          .build();
    }
    assertTrue(c.kind().endsWith("adam"), c + ": optimizer");
    return Adam.builder().schedule(schedule)
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
