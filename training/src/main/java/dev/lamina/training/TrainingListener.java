package dev.lamina.training;

/**
 * Hooks into {@link Trainer#fit}; every hook does nothing unless overridden. For a run of E epochs
 * with B batches each, the calls are: {@code onTrainingStart}, then E times ({@code onEpochStart},
 * B times {@code onBatchEnd}, {@code onEpochEnd}), then {@code onTrainingEnd} — fewer epochs or
 * batches when a listener {@link TrainingContext#requestStop requests a stop}. Listeners are called
 * in the order they were added. An exception thrown by a listener ends training and propagates out
 * of {@code fit}; before that, every listener's {@link #onTrainingFailed} is called (also that of a
 * listener whose {@code onTrainingEnd} had already run, when a later one's {@code onTrainingEnd}
 * throws: the run as a whole failed).
 */
public interface TrainingListener {
  /** Before the first epoch. */
  default void onTrainingStart(TrainingContext context) {}

  /** Before each epoch's first batch. */
  default void onEpochStart(TrainingContext context) {}

  /** After each batch's update. */
  default void onBatchEnd(TrainingContext context) {}

  /** After each epoch, with its metrics (validation included). */
  default void onEpochEnd(TrainingContext context, EpochRecord record) {}

  /** After the last epoch, with the history {@code fit} is about to return. */
  default void onTrainingEnd(TrainingContext context, TrainingHistory history) {}

  /**
   * When training ends with {@code failure} (thrown by the trainer or a listener), just before it
   * propagates; a place to release resources. An exception thrown here is added to
   * {@code failure} as suppressed.
   */
  default void onTrainingFailed(TrainingContext context, RuntimeException failure) {}

  /** Logs each epoch's metrics and the end of training through SLF4J. */
  static TrainingListener logging() {
    return new LoggingListener();
  }

  /** A console progress bar for mini-batch epochs; silent when not on a terminal. */
  static TrainingListener progressBar() {
    return new ProgressBarListener();
  }
}
