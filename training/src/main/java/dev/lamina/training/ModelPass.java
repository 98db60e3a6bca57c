package dev.lamina.training;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.training.loss.Loss;
import dev.lamina.training.loss.LossResult;
import dev.lamina.tensor.Tensor;

/**
 * One forward pass through a model's layers: a training pass ({@link #run}) keeps each layer's
 * {@link Forward}, so that the loss can start the way back below a final Softmax it is fused with;
 * an evaluation pass ({@link #evaluate}) keeps only the outputs.
 */
final class ModelPass {
  /** The way back below the fused Softmax (or through all layers); null for an evaluation. */
  private final Forward body;
  /** The input of the fused Softmax; null when the loss is not fused with one. */
  private final Tensor logits;
  private final Tensor output;

  private ModelPass(Forward body, Tensor logits, Tensor output) {
    this.body = body;
    this.logits = logits;
    this.output = output;
  }

  /**
   * Runs {@code model} on {@code input}. When the model ends with a Softmax that {@code loss} fuses
   * with, the way back starts below the Softmax: {@link #backward} feeds the loss's logit gradient
   * into the other layers.
   */
  static ModelPass run(Sequential model, Loss loss, Tensor input, boolean training) {
    if (fusesWithLoss(model, loss)) {
      Forward body = model.forward(input, training, model.layers().size() - 1);
      return new ModelPass(body, body.output(), Softmax.softmax(body.output()));
    }
    Forward all = model.forward(input, training);
    return new ModelPass(all, null, all.output());
  }

  /**
   * Runs {@code model} on {@code input} in inference mode through {@link Sequential#predict}, for
   * the loss and the predictions only (no way back, so the model's activations can work in place):
   * the same outputs and loss as {@code run(model, loss, input, false)}, bit for bit.
   */
  static ModelPass evaluate(Sequential model, Loss loss, Tensor input) {
    if (fusesWithLoss(model, loss)) {
      Tensor logits = model.predict(input, model.layers().size() - 1);
      return new ModelPass(null, logits, Softmax.softmax(logits));
    }
    return new ModelPass(null, null, model.predict(input));
  }

  /**
   * Whether the model ends with a {@link Softmax} over the class axis and the loss fuses with it.
   */
  static boolean fusesWithLoss(Sequential model, Loss loss) {
    return loss.fusesWithSoftmax()
        && model.lastLayer() instanceof Softmax
        && model.outputShape().rank() == 1;
  }

  /** The model's output, {@code [N, ...outputShape]}. */
  Tensor output() {
    return output;
  }

  /** The mean loss against class indices {@code labels}, without gradient. */
  float loss(Loss loss, int[] labels) {
    return logits != null ? loss.valueFromLogits(logits, labels) : loss.value(output(), labels);
  }

  /**
   * Computes the loss against {@code labels} and back-propagates it through every layer (adding
   * into the parameters' gradients); returns the mean loss.
   */
  float backward(Loss loss, int[] labels) {
    if (body == null) {
      throw new IllegalStateException("an evaluation pass has no way back");
    }
    LossResult result = logits != null
        ? loss.computeFromLogits(logits, output(), labels)
        : loss.compute(output(), labels);
    body.backwardParameters(result.gradient());
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
