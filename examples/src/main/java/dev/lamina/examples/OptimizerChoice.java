package dev.lamina.examples;

import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.Optimizer;
import dev.lamina.training.optim.Sgd;

/** The optimizers {@code --optimizer} offers. */
public enum OptimizerChoice {
  /** Plain gradient descent. */
  SGD,
  /** Gradient descent with momentum 0.9. */
  MOMENTUM,
  /** Adam with the usual betas (0.9, 0.999). */
  ADAM;

  /** This optimizer with learning rate {@code lr}. */
  public Optimizer create(double lr) {
    switch (this) {
      case SGD:
        return new Sgd(lr);
      case MOMENTUM:
        return Sgd.builder().learningRate(lr).momentum(0.9).build();
      default:
        return new Adam(lr);
    }
  }
}
