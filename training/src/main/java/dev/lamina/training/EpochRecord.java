package dev.lamina.training;

import java.util.Locale;

/**
 * What one epoch of training measured. {@code epoch} is 0-based. {@code loss} and
 * {@code accuracy} are training metrics: in full-batch mode those of the epoch's single forward
 * pass (before its update, as the notebook prints them); with mini-batches the mean over the
 * epoch's batches weighted by batch size (each measured before that batch's update). The
 * validation metrics are measured on the validation set after the epoch, in inference mode, and
 * are NaN without one. {@code seconds} is the epoch's wall-clock time including validation.
 */
public record EpochRecord(int epoch, double loss, double accuracy, double validationLoss,
    double validationAccuracy, double seconds) {

  /** Whether validation metrics were measured. */
  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }

  @Override
  public String toString() {
    String s = String.format(Locale.ROOT, "epoch %d: loss %.4f, accuracy %.2f%%",
        epoch + 1, loss, 100 * accuracy);
    if (hasValidation()) {
      s += String.format(Locale.ROOT, ", val_loss %.4f, val_accuracy %.2f%%",
          validationLoss, 100 * validationAccuracy);
    }
    return s + String.format(Locale.ROOT, " (%.2f s)", seconds);
  }
}
