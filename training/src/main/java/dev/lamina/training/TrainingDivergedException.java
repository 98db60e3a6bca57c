package dev.lamina.training;

import java.util.Locale;

/**
 * Thrown when training produced a non-finite loss or parameter value; the message names the epoch,
 * the batch and the first value that went NaN or infinite.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;

  TrainingDivergedException(int epoch, int batch, int batches, String what) {
    super(String.format(Locale.ROOT, "training diverged in epoch %d, batch %d of %d: %s "
        + "(try a smaller learning rate)", epoch + 1, batch + 1, batches, what));
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The 0-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** The 0-based batch within the epoch. */
  public int batch() {
    return batch;
  }
}
