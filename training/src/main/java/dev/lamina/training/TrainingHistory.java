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
  private final boolean lastEpochComplete;

  TrainingHistory(List<EpochRecord> epochs, boolean stoppedEarly, String stopReason,
      OptionalInt bestEpoch, boolean lastEpochComplete) {
    this.epochs = List.copyOf(epochs);
    this.stoppedEarly = stoppedEarly;
    this.stopReason = stopReason;
    this.bestEpoch = bestEpoch;
    this.lastEpochComplete = lastEpochComplete;
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

  /**
   * Whether the last epoch ran all its batches; false when a listener stopped training in the
   * middle of it (its record then covers only the batches that ran).
   */
  public boolean lastEpochComplete() {
    return lastEpochComplete;
  }

  /** The epochs that ran all their batches: every epoch but a last one stopped in its middle. */
  public List<EpochRecord> completedEpochs() {
    return lastEpochComplete || epochs.isEmpty() ? epochs : epochs.subList(0, epochs.size() - 1);
  }

  /**
   * The 0-based epoch a resumed run starts with: the one after the last epoch, or the last epoch
   * itself, from its beginning, when it was stopped in its middle.
   */
  public int nextEpoch() {
    return last().epoch() + (lastEpochComplete ? 1 : 0);
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
