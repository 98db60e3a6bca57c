package dev.lamina.training;

import static com.google.common.base.Preconditions.checkState;

import java.util.List;
import java.util.OptionalInt;

/**
 * The outcome of {@link Trainer#fit}: one {@link EpochRecord} per epoch run, why training ended,
 * and the best epoch when a listener (such as {@link EarlyStopping}) reported one.
 */
public final class TrainingHistory {
  private final List<EpochRecord> epochs;
  private final boolean stoppedEarly;
  private final String stopReason;
  private final OptionalInt bestEpoch;

  TrainingHistory(List<EpochRecord> epochs, boolean stoppedEarly, String stopReason, OptionalInt bestEpoch) {
    this.epochs = List.copyOf(epochs);
    this.stoppedEarly = stoppedEarly;
    this.stopReason = stopReason;
    this.bestEpoch = bestEpoch;
  }

  /** The epochs run, in order. */
  public List<EpochRecord> epochs() {
    return epochs;
  }

  /** The last epoch run. */
  public EpochRecord last() {
    checkState(!epochs.isEmpty(), "no epoch was run");
    return epochs.get(epochs.size() - 1);
  }

  /** Whether a listener stopped training before the configured number of epochs. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /**
   * Why training ended: "completed N epochs", or the reason given by the listener that stopped
   * it (e.g. early stopping's, naming the metric, patience and best epoch).
   */
  public String stopReason() {
    return stopReason;
  }

  /** The 0-based best epoch reported by a listener, if any. */
  public OptionalInt bestEpoch() {
    return bestEpoch;
  }

  @Override
  public String toString() {
    return "TrainingHistory(" + epochs.size() + " epochs, " + stopReason + ")";
  }
}
