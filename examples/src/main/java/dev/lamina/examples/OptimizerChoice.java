package dev.lamina.examples;

import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.LearningRateSchedule;
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

  /** This optimizer with the constant learning rate {@code lr}. */
  public Optimizer create(double lr) {
    return create(LearningRateSchedule.constant(lr));
  }

  /** This optimizer following {@code schedule}. */
  public Optimizer create(LearningRateSchedule schedule) {
    switch (this) {
      case SGD:
        return Sgd.builder().schedule(schedule).build();
      case MOMENTUM:
        return Sgd.builder().schedule(schedule).momentum(0.9).build();
      default:
        return Adam.builder().schedule(schedule).build();
    }
  }
}
