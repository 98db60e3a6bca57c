/**
 * Loss functions: the {@link dev.lamina.training.loss.Loss} base class, which owns the batch
 * reduction so that a loss is written per sample, and the built-in cross-entropy (fused with a
 * final Softmax) and mean squared error.
 */
package dev.lamina.training.loss;
