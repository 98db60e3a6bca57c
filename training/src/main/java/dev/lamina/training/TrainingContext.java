package dev.lamina.training;

import dev.lamina.layers.Sequential;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link TrainingListener} sees of a running {@link Trainer#fit}: read-only progress, the
 * model, and two ways to influence the run ({@link #requestStop} and {@link #recordBestEpoch}).
 * Epoch and batch indices are 0-based. The same object is passed to every hook of one run and
 * changes as training proceeds, so read it during the hook.
 */
public interface TrainingContext {
  /** The model being trained. Listeners may read it, or copy weights in and out between hooks. */
  Sequential model();

  /** The current epoch. */
  int epoch();

  /** The exclusive end of the epoch range: training runs epochs {@code [startEpoch, epochs)}. */
  int epochs();

  /** The epoch this run started from (0 unless resuming). */
  int startEpoch();

  /** The batch that just ended ({@code -1} before the first batch of an epoch). */
  int batch();

  /** The number of batches in an epoch (1 in full-batch mode). */
  int batchesPerEpoch();

  /** The samples in the batch that just ended. */
  int batchSize();

  /** The loss of the batch that just ended, measured before its update. */
  double batchLoss();

  /** The mean loss over this epoch's batches so far, weighted by batch size. */
  double epochLoss();

  /** The accuracy over this epoch's batches so far. */
  double epochAccuracy();

  /** Whether the run measures validation metrics after each epoch. */
  boolean hasValidation();

  /**
   * The validation set's evaluation after the epoch that just ended (its loss, accuracy, per-class
   * accuracy and confusion matrix), for a listener that derives a metric of its own (an F1 score,
   * say) without evaluating again. Present in {@code onEpochEnd} and {@code onTrainingEnd} when
   * the run has a validation set; empty otherwise and while an epoch is running.
   */
  default Optional<Evaluation> validation() {
    return Optional.empty();
  }

  /** Time since the run started. */
  Duration elapsed();

  /**
   * The epochs finished so far; when the run resumed from a {@link TrainingCheckpoint}, its epochs
   * come first.
   */
  List<EpochRecord> history();

  /**
   * A checkpoint of the run after the epoch that just ended: saving it and resuming from it
   * continues with epoch {@code epoch() + 1} exactly as this run does. It refers to the live model,
   * so save it within the hook. Only in {@code onEpochEnd} and {@code onTrainingEnd}; throws
   * {@link IllegalStateException} while an epoch is running.
   */
  TrainingCheckpoint checkpoint();

  /**
   * Asks training to stop: after the current batch when called from {@code onBatchEnd} (the epoch
   * is then finished with the batches run so far), or after the current epoch. The reason becomes
   * {@link TrainingHistory#stopReason()}.
   */
  void requestStop(String reason);

  /** Reports the best epoch so far; it becomes {@link TrainingHistory#bestEpoch()}. */
  void recordBestEpoch(int epoch);
}
