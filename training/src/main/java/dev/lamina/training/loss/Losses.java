package dev.lamina.training.loss;

/** The built-in losses. */
public final class Losses {
  private Losses() {}

  /**
   * Categorical cross-entropy on probabilities; fused with a final Softmax. See
   * {@link CrossEntropy}.
   */
  public static Loss crossEntropy() {
    return new CrossEntropy();
  }

  /** Mean squared error. See {@link MeanSquaredError}. */
  public static Loss meanSquaredError() {
    return new MeanSquaredError();
  }
}
