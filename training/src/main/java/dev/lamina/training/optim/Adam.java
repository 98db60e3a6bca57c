package dev.lamina.training.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) with bias correction: {@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g^2}, then
 * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}. State: m and v per parameter.
 */
public final class Adam extends Optimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  /** Adam with a constant learning rate and the usual defaults (0.9, 0.999, 1e-8). */
  public Adam(double learningRate) {
    this(LearningRateSchedule.constant(learningRate), 0.9, 0.999, 1e-8, 0);
  }

  private Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon,
      double weightDecay) {
    super(schedule, weightDecay);
    // checked as the floats the update uses: 0.99999999999 is 1 and 1e-50 is 0 as a float
    checkArgument(beta1 >= 0 && (float) beta1 < 1,
        "Adam: beta1 must be in [0, 1) (as a float), got %s", beta1);
    checkArgument(beta2 >= 0 && (float) beta2 < 1,
        "Adam: beta2 must be in [0, 1) (as a float), got %s", beta2);
    checkArgument((float) epsilon > 0 && Float.isFinite((float) epsilon),
        "Adam: epsilon must be positive and finite (in [%s, %s], as a float), got %s",
        Float.MIN_VALUE, Float.MAX_VALUE, epsilon);
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.epsilon = (float) epsilon;
  }

  /** A builder with the defaults learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-8. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected int stateSlots() {
    return 2;
  }

  @Override
  protected void update(float[] w, int wOff, float[] g, int gOff, int n, float[][] state,
      float lr, long step) {
    float[] m = state[0];
    float[] v = state[1];
    float correction1 = (float) (1 - Math.pow(beta1, step));
    float correction2 = (float) (1 - Math.pow(beta2, step));
    for (int i = 0; i < n; i++) {
      float grad = g[gOff + i];
      m[i] = beta1 * m[i] + (1 - beta1) * grad;
      v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
      float mHat = m[i] / correction1;
      float vHat = v[i] / correction2;
      w[wOff + i] -= lr * mHat / ((float) Math.sqrt(vHat) + epsilon);
    }
  }

  @Override
  protected Map<String, Double> settings() {
    return Map.of("beta1", (double) beta1, "beta2", (double) beta2, "epsilon", (double) epsilon);
  }

  @Override
  public String toString() {
    return "Adam(lr " + learningRate() + ", betas " + beta1 + "/" + beta2 + ", eps " + epsilon
        + (weightDecay() > 0 ? ", weight decay " + weightDecay() : "") + ")";
  }

  /** Settings for an {@link Adam}; checked by {@link #build()}. */
  public static final class Builder {
    private LearningRateSchedule schedule = LearningRateSchedule.constant(0.001);
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay;

    private Builder() {}

    /** A constant learning rate (default 0.001). */
    public Builder learningRate(double rate) {
      this.schedule = LearningRateSchedule.constant(rate);
      return this;
    }

    /** A learning rate that changes by epoch. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder beta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    public Builder beta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** L2 weight decay added to the gradient (default 0). */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Adam build() {
      return new Adam(schedule, beta1, beta2, epsilon, weightDecay);
    }
  }
}
