package dev.lamina.training.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum (classical or Nesterov), as in PyTorch:
 * {@code v = momentum * v + g}, then {@code w -= lr * v}, or {@code w -= lr * (g + momentum * v)}
 * with Nesterov. Without momentum it is the plain {@code w -= lr * g} and keeps no state.
 */
public final class Sgd extends Optimizer {
  private final float momentum;
  private final boolean nesterov;

  /** Plain gradient descent with a constant learning rate. */
  public Sgd(double learningRate) {
    this(LearningRateSchedule.constant(learningRate), 0, false, 0);
  }

  private Sgd(LearningRateSchedule schedule, double momentum, boolean nesterov,
      double weightDecay) {
    super(schedule, weightDecay);
    checkArgument(momentum >= 0 && (float) momentum < 1,
        "Sgd: momentum must be in [0, 1) (as a float), got %s", momentum);
    checkArgument(!nesterov || momentum > 0,
        "Sgd: Nesterov momentum needs a positive momentum, got %s", momentum);
    this.momentum = (float) momentum;
    this.nesterov = nesterov;
  }

  /** A builder; the learning rate (or a schedule) is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected int stateSlots() {
    return momentum > 0 ? 1 : 0;
  }

  @Override
  protected void update(float[] w, int wOff, float[] g, int gOff, int n, float[][] state,
      float lr, long step) {
    if (momentum == 0f) {
      for (int i = 0; i < n; i++) {
        w[wOff + i] -= lr * g[gOff + i];
      }
      return;
    }
    float[] v = state[0];
    for (int i = 0; i < n; i++) {
      float grad = g[gOff + i];
      v[i] = momentum * v[i] + grad;
      w[wOff + i] -= lr * (nesterov ? grad + momentum * v[i] : v[i]);
    }
  }

  @Override
  protected Map<String, Double> settings() {
    return Map.of("momentum", (double) momentum, "nesterov", nesterov ? 1.0 : 0.0);
  }

  @Override
  protected String shownSetting(String name, double value) {
    return name.equals("nesterov") ? String.valueOf(value != 0) : super.shownSetting(name, value);
  }

  @Override
  public String toString() {
    return "Sgd(lr " + learningRate() + (momentum > 0 ? ", momentum " + momentum : "")
        + (nesterov ? ", nesterov" : "")
        + (weightDecay() > 0 ? ", weight decay " + weightDecay() : "") + ")";
  }

  /** Settings for an {@link Sgd}; checked by {@link #build()}. */
  public static final class Builder {
    private LearningRateSchedule schedule;
    private double momentum;
    private boolean nesterov;
    private double weightDecay;

    private Builder() {}

    /** A constant learning rate. */
    public Builder learningRate(double rate) {
      this.schedule = LearningRateSchedule.constant(rate);
      return this;
    }

    /** A learning rate that changes by epoch. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Momentum in [0, 1) (default 0: none). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Nesterov momentum (default false); needs a positive momentum. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** L2 weight decay (default 0). */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Sgd build() {
      checkArgument(schedule != null, "Sgd: set a learningRate(...) or a schedule(...)");
      return new Sgd(schedule, momentum, nesterov, weightDecay);
    }
  }
}
