/**
 * Training: the {@link dev.lamina.training.Trainer} (mini-batch or full-batch, deterministic for a
 * seed), its {@link dev.lamina.training.TrainingListener} hooks with logging, a progress bar,
 * early stopping, checkpoints and a divergence guard, evaluation metrics, and {@link
 * dev.lamina.training.TrainingCheckpoint}s to resume a run exactly. Losses and optimizers live in
 * the {@code loss} and {@code optim} subpackages.
 */
package dev.lamina.training;
