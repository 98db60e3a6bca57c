package dev.lamina.training.loss;

import dev.lamina.tensor.Tensor;

/**
 * A loss over a batch: its value (the mean of the per-sample losses) and the gradient of that value
 * with respect to the tensor the loss was computed from, of the same shape.
 */
public record LossResult(float value, Tensor gradient) {}
