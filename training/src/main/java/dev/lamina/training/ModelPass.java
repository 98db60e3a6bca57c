package dev.lamina.training;

import dev.lamina.layers.BatchShapes;
import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Sequential;
import dev.lamina.training.loss.Loss;
import dev.lamina.training.loss.LossResult;
import dev.lamina.tensor.Tensor;
import java.util.List;

/**
 * One forward pass through a model's layers that keeps each layer's {@link Forward}, so that the
 * loss can start the way back below a final Softmax it is fused with.
 */
final class ModelPass {
  private final Tensor input;
  private final Forward[] tape;
  private final boolean fused;

  private ModelPass(Tensor input, Forward[] tape, boolean fused) {
    this.input = input;
    this.tape = tape;
    this.fused = fused;
  }

  /** Runs {@code model} on {@code input}; fuses the last layer into {@code loss} when both allow. */
  static ModelPass run(Sequential model, Loss loss, Tensor input, boolean training) {
    BatchShapes.checkBatch("model input", model.inputShape(), input);
    List<Layer> layers = model.layers();
    Forward[] tape = new Forward[layers.size()];
    Tensor x = input;
    for (int i = 0; i < tape.length; i++) {
      tape[i] = layers.get(i).forward(x, training);
      x = tape[i].output();
    }
    return new ModelPass(input, tape, fusesWithLoss(model, loss));
  }

  /**
   * Whether the model ends with a Softmax over the class axis and the loss fuses with it. The
   * Softmax is recognised by its type name until the layers module's Softmax class is available.
   */
  static boolean fusesWithLoss(Sequential model, Loss loss) {
    List<Layer> layers = model.layers();
    return loss.fusesWithSoftmax()
        && layers.get(layers.size() - 1).typeName().equals("Softmax")
        && model.outputShape().rank() == 1;
  }

  /** The model's output, {@code [N, ...outputShape]}. */
  Tensor output() {
    return tape[tape.length - 1].output();
  }

  private Tensor logits() {
    return tape.length >= 2 ? tape[tape.length - 2].output() : input;
  }

  /** The mean loss against class indices {@code labels}, without gradient. */
  float loss(Loss loss, int[] labels) {
    return fused ? loss.valueFromLogits(logits(), labels) : loss.value(output(), labels);
  }

  /**
   * Computes the loss against {@code labels} and back-propagates it through every layer (adding
   * into the parameters' gradients); returns the mean loss.
   */
  float backward(Loss loss, int[] labels) {
    LossResult result = fused
        ? loss.computeFromLogits(logits(), output(), labels)
        : loss.compute(output(), labels);
    Tensor grad = result.gradient();
    for (int i = fused ? tape.length - 2 : tape.length - 1; i >= 0; i--) {
      grad = tape[i].backward(grad);
    }
    return result.value();
  }

  /** The number of rows of the output whose argmax equals the label. */
  int correct(int[] labels) {
    Tensor out = output();
    int[] predicted = out.reshape(out.dim(0), out.size() / out.dim(0)).argmax(1);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  /** The argmax of each output row. */
  int[] predictions() {
    Tensor out = output();
    return out.reshape(out.dim(0), out.size() / out.dim(0)).argmax(1);
  }
}
