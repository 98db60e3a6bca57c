/**
 * Optimizers: the {@link dev.lamina.training.optim.Optimizer} base class with per-parameter state
 * that can be exported and loaded for resuming, SGD (plain, momentum, Nesterov), Adam, L2 weight
 * decay, and learning-rate schedules.
 */
package dev.lamina.training.optim;
