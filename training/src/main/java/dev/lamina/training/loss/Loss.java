package dev.lamina.training.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.datasets.Labels;
import dev.lamina.layers.ClassNames;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * A loss function. The base class owns the batch: it checks shapes, turns class-index targets into
 * one-hot rows, and reduces per-sample values to their mean (so every per-sample gradient is
 * divided by the batch size N). An implementation writes only the math for one sample.
 *
 * <p>Predictions are {@code [N, ...sample]}. Targets are either of the same shape, or, for
 * predictions {@code [N, C]}, N class indices: an {@code int[]} always (one-hot rows of C, even
 * for {@code C = 1}), or a {@code [N]} tensor of whole numbers when {@code C > 1}; indices become
 * one-hot rows before the per-sample methods see them. For predictions {@code [N, 1]} (one output,
 * as in regression) a {@code [N]} tensor is N target values, not class indices, as Keras reads
 * it.
 *
 * <p>Adding a loss is one small class, for example mean absolute error:
 *
 * <pre>{@code
 * public final class MeanAbsoluteError extends Loss {
 *   protected float sampleValue(Tensor prediction, Tensor target) {
 *     return prediction.zip(target, (p, t) -> Math.abs(p - t)).mean();
 *   }
 *
 *   protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
 *     float n = prediction.size();
 *     gradient.copyFrom(prediction.zip(target, (p, t) -> Math.signum(p - t) / n));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link LossContract#check} checks a loss in a test: its gradient against finite differences,
 * and that it keeps no state and modifies neither argument.
 *
 * <p>A loss that is better computed from a Softmax's input than from its output (as
 * cross-entropy is: {@code p - y}, finite for any logits) overrides {@link #fusesWithSoftmax()}
 * and the two {@code ...FromLogits} methods; the trainer then skips the Softmax's own backward
 * pass.
 */
public abstract class Loss {

  /**
   * The value of the loss for one sample. {@code prediction} and {@code target} are per-sample
   * views ({@code [...sample]}) that must not be modified.
   */
  protected abstract float sampleValue(Tensor prediction, Tensor target);

  /**
   * Writes dLoss/dPrediction for one sample into {@code gradient} (zeros on entry, same shape as
   * {@code prediction}); the base class divides by the batch size afterwards.
   */
  protected abstract void sampleGradient(Tensor prediction, Tensor target, Tensor gradient);

  /**
   * Whether this loss, when the model ends with a Softmax, is computed from the Softmax's input
   * with {@link #computeFromLogits}. False unless overridden.
   */
  public boolean fusesWithSoftmax() {
    return false;
  }

  /** The loss of one sample from the logits {@code z} a Softmax turned into {@code p}. */
  protected float sampleValueFromLogits(Tensor logits, Tensor target) {
    throw notFused("sampleValueFromLogits");
  }

  /**
   * Writes dLoss/dLogits for one sample into {@code gradient}, given the Softmax's output
   * {@code probabilities}.
   */
  protected void sampleLogitGradient(Tensor probabilities, Tensor target, Tensor gradient) {
    throw notFused("sampleLogitGradient");
  }

  private UnsupportedOperationException notFused(String method) {
    return new UnsupportedOperationException(fusesWithSoftmax()
        ? name() + " says it fuses with Softmax but does not override " + method
        : name() + " does not fuse with Softmax (fusesWithSoftmax() is false)");
  }

  /**
   * A short name for messages and logs; unless overridden, the class's simple name ({@code
   * MyTest$1} for an anonymous class, see {@link ClassNames#simpleName}).
   */
  public String name() {
    return ClassNames.simpleName(getClass());
  }

  /**
   * The mean loss over the batch and its gradient with respect to {@code predictions}
   * ({@code [N, ...]}, not modified). {@code targets} as described in the class comment.
   */
  public final LossResult compute(Tensor predictions, Tensor targets) {
    Tensor dense = denseTargets(predictions, targets);
    return reduce(predictions, predictions, dense, true, false);
  }

  /** {@link #compute(Tensor, Tensor)} with class-index targets. */
  public final LossResult compute(Tensor predictions, int[] labels) {
    return reduce(predictions, predictions, oneHot(predictions, labels), true, false);
  }

  /** The mean loss over the batch, without the gradient. */
  public final float value(Tensor predictions, Tensor targets) {
    return reduce(predictions, predictions, denseTargets(predictions, targets), false, false)
        .value();
  }

  /** The mean loss over the batch for class-index targets, without the gradient. */
  public final float value(Tensor predictions, int[] labels) {
    return reduce(predictions, predictions, oneHot(predictions, labels), false, false).value();
  }

  /**
   * For a loss that {@link #fusesWithSoftmax() fuses with Softmax}: the mean loss computed from the
   * {@code logits} ({@code [N, C]}) that a Softmax takes, without the gradient.
   */
  public final float valueFromLogits(Tensor logits, int[] labels) {
    return reduce(logits, logits, oneHot(logits, labels), false, true).value();
  }

  /** {@link #valueFromLogits(Tensor, int[])} with targets as in the class comment. */
  public final float valueFromLogits(Tensor logits, Tensor targets) {
    return reduce(logits, logits, denseTargets(logits, targets), false, true).value();
  }

  /**
   * For a loss that {@link #fusesWithSoftmax() fuses with Softmax}: the mean loss and its
   * gradient with respect to the {@code logits} ({@code [N, C]}) that a Softmax turned into
   * {@code probabilities} ({@code [N, C]}). Neither is modified.
   */
  public final LossResult computeFromLogits(Tensor logits, Tensor probabilities, Tensor targets) {
    checkSameShape(logits, probabilities);
    return reduce(logits, probabilities, denseTargets(probabilities, targets), true, true);
  }

  /** {@link #computeFromLogits(Tensor, Tensor, Tensor)} with class-index targets. */
  public final LossResult computeFromLogits(Tensor logits, Tensor probabilities, int[] labels) {
    checkSameShape(logits, probabilities);
    return reduce(logits, probabilities, oneHot(probabilities, labels), true, true);
  }

  private void checkSameShape(Tensor logits, Tensor probabilities) {
    checkArgument(logits.shape().equals(probabilities.shape()),
        "%s: logits %s and probabilities %s differ in shape",
        name(), logits.shape(), probabilities.shape());
  }

  private LossResult reduce(Tensor values, Tensor gradInput, Tensor targets, boolean withGradient,
      boolean fused) {
    checkArgument(values.rank() >= 2,
        "%s: predictions need a batch dimension, got %s", name(), values.shape());
    int n = values.dim(0);
    Shape sample = values.shape().dropFirst();
    int stride = sample.size();
    Tensor gradient = withGradient ? Tensor.zeros(values.shape()) : null;
    double total = 0;
    for (int i = 0; i < n; i++) {
      Tensor v = Tensor.wrap(sample, values.data(), values.offset() + i * stride);
      Tensor t = Tensor.wrap(sample, targets.data(), targets.offset() + i * stride);
      total += fused ? sampleValueFromLogits(v, t) : sampleValue(v, t);
      if (withGradient) {
        Tensor g = Tensor.wrap(sample, gradient.data(), i * stride);
        Tensor p = Tensor.wrap(sample, gradInput.data(), gradInput.offset() + i * stride);
        if (fused) {
          sampleLogitGradient(p, t, g);
        } else {
          sampleGradient(p, t, g);
        }
      }
    }
    if (withGradient) {
      gradient.scaleInPlace(1f / n);
    }
    return new LossResult((float) (total / n), gradient);
  }

  /** {@code targets} shaped like {@code predictions}: class indices become one-hot rows. */
  final Tensor denseTargets(Tensor predictions, Tensor targets) {
    if (targets.shape().equals(predictions.shape())) {
      return targets;
    }
    if (predictions.rank() == 2 && predictions.dim(1) == 1
        && targets.shape().equals(Shape.of(predictions.dim(0)))) {
      return targets.reshape(predictions.shape()); // one value a sample: not class indices
    }
    checkArgument(
        targets.rank() == 1 && predictions.rank() == 2 && targets.dim(0) == predictions.dim(0),
        "%s: targets must be %s (dense) or [%s] (class indices) for predictions %s, got %s",
        name(), predictions.shape(), predictions.dim(0), predictions.shape(), targets.shape());
    int[] labels = new int[targets.size()];
    for (int i = 0; i < labels.length; i++) {
      float v = targets.getFlat(i);
      checkArgument(v == Math.rint(v),
          "%s: class index %s of sample %s is not a whole number", name(), v, i);
      labels[i] = (int) v;
    }
    return oneHot(predictions, labels);
  }

  private Tensor oneHot(Tensor predictions, int[] labels) {
    checkArgument(predictions.rank() == 2 && predictions.dim(0) == labels.length,
        "%s: %s class indices need predictions [%s, classes], got %s",
        name(), labels.length, labels.length, predictions.shape());
    try {
      return Labels.oneHot(labels, predictions.dim(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
