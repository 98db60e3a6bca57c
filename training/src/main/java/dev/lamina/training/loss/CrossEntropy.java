package dev.lamina.training.loss;

import dev.lamina.tensor.Tensor;

/**
 * Categorical cross-entropy {@code -sum(y * log p)} on probabilities, as produced by a Softmax
 * layer; predictions and targets are {@code [N, C]} (or N class indices).
 *
 * <p>When the model ends with a Softmax the trainer fuses the two: the loss is computed from the
 * logits {@code z} as {@code sum(y) * logsumexp(z) - sum(y * z)} and its gradient is
 * {@code p * sum(y) - y} ({@code p - y} for one-hot targets), finite for any finite logits. On
 * probabilities alone (no Softmax before it) {@code p} is clipped to at least {@link #EPSILON}, so
 * value and gradient stay finite when a probability underflows to zero.
 */
public final class CrossEntropy extends Loss {
  /** The smallest probability the unfused loss takes the log of. */
  public static final float EPSILON = 1e-7f;

  @Override
  protected float sampleValue(Tensor prediction, Tensor target) {
    double loss = 0;
    for (int c = 0; c < prediction.size(); c++) {
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
