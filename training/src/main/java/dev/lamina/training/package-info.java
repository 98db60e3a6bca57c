/**
 * Training: the {@link dev.lamina.training.Trainer} (mini-batch or full-batch, deterministic for a
 * seed), its {@link dev.lamina.training.TrainingListener} hooks with logging, a progress bar,
 * early stopping and a divergence guard, and evaluation metrics. Losses and optimizers live in the
 * {@code loss} and {@code optim} subpackages.
 */
package dev.lamina.training;
