package dev.lamina.training.loss;

import dev.lamina.tensor.Tensor;
import java.util.Locale;

/**
 * Categorical cross-entropy {@code -sum(y * log p)} on probabilities, as produced by a Softmax
 * layer; predictions and targets are {@code [N, C]} (or N class indices).
 *
 * <p>When the model ends with a Softmax the trainer fuses the two: the loss is computed from the
 * logits {@code z} as {@code sum(y) * logsumexp(z) - sum(y * z)} and its gradient is
 * {@code p * sum(y) - y} ({@code p - y} for one-hot targets), finite for any finite logits. On
 * probabilities alone (no Softmax before it) {@code p} is clipped to at least {@link #EPSILON}, so
 * value and gradient stay finite when a probability underflows to zero.
 *
 * <p>A prediction outside {@code [0, 1]} (beyond {@link #TOLERANCE}) is refused with an {@link
 * IllegalArgumentException}: it is not a probability, and is almost always a model that ends
 * without a Softmax (PyTorch's {@code CrossEntropyLoss} takes such raw scores; here the Softmax is
 * part of the model). Clipped, such outputs would train silently towards a negative loss. NaN
 * passes through, for the trainer's divergence check to report.
 */
public final class CrossEntropy extends Loss {
  /** The smallest probability the unfused loss takes the log of. */
  public static final float EPSILON = 1e-7f;

  /** How far a prediction may stray outside {@code [0, 1]} (rounding) before it is refused. */
  public static final float TOLERANCE = 1e-4f;

  @Override
  protected float sampleValue(Tensor prediction, Tensor target) {
    double loss = 0;
    for (int c = 0; c < prediction.size(); c++) {
      checkProbability(prediction.getFlat(c), c);
      float y = target.getFlat(c);
      if (y != 0f) {
        loss -= y * Math.log(Math.max(prediction.getFlat(c), EPSILON));
      }
    }
    return (float) loss;
  }

  @Override
  protected void sampleGradient(Tensor prediction, Tensor target,
      Tensor gradient) {
    for (int c = 0; c < prediction.size(); c++) {
      gradient.setFlat(c, -target.getFlat(c) / Math.max(prediction.getFlat(c), EPSILON));
    }
  }

  private void checkProbability(float p, int index) {
    if (p < -TOLERANCE || p > 1 + TOLERANCE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: prediction %s (element %d of a sample) is not a probability in [0, 1]; this loss"
              + " takes probabilities: end the model with a Softmax (the trainer then computes"
              + " the loss from the Softmax's input)", name(), p, index));
    }
  }

  @Override
  public boolean fusesWithSoftmax() {
    return true;
  }

  @Override
  protected float sampleValueFromLogits(Tensor logits, Tensor target) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < logits.size(); c++) {
      max = Math.max(max, logits.getFlat(c));
    }
    double sumExp = 0;
    for (int c = 0; c < logits.size(); c++) {
      sumExp += Math.exp(logits.getFlat(c) - max);
    }
    double logSumExp = max + Math.log(sumExp);
    double loss = 0;
    for (int c = 0; c < logits.size(); c++) {
      float y = target.getFlat(c);
      if (y != 0f) {
        loss += y * (logSumExp - logits.getFlat(c));
      }
    }
    return (float) loss;
  }

  @Override
  protected void sampleLogitGradient(Tensor probabilities, Tensor target,
      Tensor gradient) {
    float targetSum = target.sum();
    for (int c = 0; c < probabilities.size(); c++) {
      gradient.setFlat(c, probabilities.getFlat(c) * targetSum - target.getFlat(c));
    }
  }
}
