package dev.lamina.training.loss;

import dev.lamina.tensor.Tensor;

/**
 * Mean squared error: per sample, the mean over its elements of {@code (prediction - target)^2};
 * over the batch, the mean of those. With class-index targets the prediction is compared with the
 * one-hot row.
 */
public final class MeanSquaredError extends Loss {
  @Override
  protected float sampleValue(Tensor prediction, Tensor target) {
    double sum = 0;
    for (int i = 0; i < prediction.size(); i++) {
      double d = prediction.getFlat(i) - target.getFlat(i);
      sum += d * d;
    }
    return (float) (sum / prediction.size());
  }

  @Override
  protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
    float scale = 2f / prediction.size();
    for (int i = 0; i < prediction.size(); i++) {
      gradient.setFlat(i, scale * (prediction.getFlat(i) - target.getFlat(i)));
    }
  }
}
