package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.training.Evaluation;
import dev.lamina.training.Trainer;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;

/** Measures a model on a dataset through the training module's {@link Trainer#evaluate}. */
final class Evaluations {
  private Evaluations() {}

  /** The model's cross-entropy, accuracy and confusion matrix on {@code data}; does not modify the model. */
  static Evaluation of(Sequential model, Dataset data) {
    // evaluate() only runs the model forward; the optimizer and epochs are required settings it never uses
    Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy()).optimizer(new Sgd(1e-3))
        .epochs(1).fullBatch().build();
    return trainer.evaluate(data);
  }
}
