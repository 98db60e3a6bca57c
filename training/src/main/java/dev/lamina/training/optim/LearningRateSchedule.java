package dev.lamina.training.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The learning rate as a function of the 0-based epoch. The trainer tells the optimizer the epoch
 * before each one ({@link Optimizer#startEpoch}), so a resumed run follows the same schedule.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * The learning rate for {@code epoch} (0-based): finite and never negative. A decaying schedule
   * may reach 0 — cosine annealing to a minimum of 0, or a step or exponential decay once the
   * rate underflows (in the optimizer's float after about 290 decays by 0.7) — and the weights
   * then stay where they are.
   */
  double rate(int epoch);

  /** The same rate in every epoch. */
  static LearningRateSchedule constant(double rate) {
    checkRate("constant schedule", rate);
    return epoch -> rate;
  }

  /**
   * {@code rate * gamma^(epoch / every)}: multiplied by {@code gamma} every {@code every} epochs.
   */
  static LearningRateSchedule step(double rate, int every, double gamma) {
    checkRate("step schedule", rate);
    checkArgument(every > 0,
        "step schedule: the step must be a positive number of epochs, got %s", every);
    checkArgument(gamma > 0 && gamma <= 1, "step schedule: gamma must be in (0, 1], got %s", gamma);
    return epoch -> rate * Math.pow(gamma, epoch / every);
  }

  /** {@code rate * gamma^epoch}. */
  static LearningRateSchedule exponential(double rate, double gamma) {
    checkRate("exponential schedule", rate);
    checkArgument(gamma > 0 && gamma <= 1,
        "exponential schedule: gamma must be in (0, 1], got %s", gamma);
    return epoch -> rate * Math.pow(gamma, epoch);
  }

  /**
   * Cosine annealing from {@code rate} at epoch 0 to {@code minRate} at epoch {@code epochs}
   * (and after): {@code min + (rate - min) * (1 + cos(pi * epoch / epochs)) / 2}.
   */
  static LearningRateSchedule cosine(double rate, int epochs, double minRate) {
    checkRate("cosine schedule", rate);
    checkArgument(epochs > 0, "cosine schedule: epochs must be positive, got %s", epochs);
    checkArgument(minRate >= 0 && minRate <= rate,
        "cosine schedule: the minimum rate must be in [0, %s], got %s", rate, minRate);
    return epoch -> {
      double t = Math.min(epoch, epochs) / (double) epochs;
      return minRate + (rate - minRate) * (1 + Math.cos(Math.PI * t)) / 2;
    };
  }

  private static void checkRate(String what, double rate) {
    checkArgument(rate > 0 && Double.isFinite(rate),
        "%s: the learning rate must be positive and finite, got %s", what, rate);
    float used = (float) rate;
    checkArgument(used > 0 && Float.isFinite(used),
        "%s: the learning rate %s is %s as the float the optimizer uses; it must be in [%s, %s]",
        what, rate, used, Float.MIN_VALUE, Float.MAX_VALUE);
  }
}
