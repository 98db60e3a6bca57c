package dev.lamina.training;

/** A per-epoch metric of an {@link EpochRecord}, as monitored by {@link EarlyStopping}. */
public enum Metric {
  LOSS("loss", false),
  ACCURACY("accuracy", true),
  VALIDATION_LOSS("val_loss", false),
  VALIDATION_ACCURACY("val_accuracy", true);

  private final String label;
  private final boolean higherIsBetter;

  Metric(String label, boolean higherIsBetter) {
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * The metric's value in {@code record} (NaN for a validation metric without a validation set).
   */
  public double of(EpochRecord record) {
    switch (this) {
      case LOSS:
        return record.loss();
      case ACCURACY:
        return record.accuracy();
      case VALIDATION_LOSS:
        return record.validationLoss();
      default:
        return record.validationAccuracy();
    }
  }

  /** True for accuracies, false for losses. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** Whether the metric needs a validation set. */
  public boolean needsValidation() {
    return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
  }

  /** A short label such as {@code val_loss}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
