package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.training.Evaluation;
import dev.lamina.training.Evaluator;
import dev.lamina.training.loss.Losses;

/** Measures a model on a dataset with the training module's {@link Evaluator}. */
final class Evaluations {
  private Evaluations() {}

  /**
   * The model's cross-entropy, accuracy and confusion matrix on {@code data}; does not modify the
   * model.
   */
  static Evaluation of(Sequential model, Dataset data) {
    return Evaluator.evaluate(model, Losses.crossEntropy(), data);
  }
}
