package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stops training when a monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row, with a reason naming the metric, the patience and the best
 * epoch ({@link TrainingHistory#stopReason()}, {@link TrainingHistory#bestEpoch()}). With
 * {@code restoreBestWeights}, the model's parameters are set back to those at the end of the best
 * epoch when training ends (stopped or not) after a later, worse epoch.
 *
 * <pre>{@code
 * EarlyStopping.builder().monitor(Metric.VALIDATION_LOSS).patience(3).minDelta(1e-3)
 *     .restoreBestWeights(true).build()
 * }</pre>
 */
public final class EarlyStopping implements TrainingListener {
  private final Metric metric;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;

  private final BestMetric tracker;
  private int wait;
  private List<float[]> bestWeights;

  private EarlyStopping(Metric metric, int patience, double minDelta, boolean restoreBestWeights) {
    this.metric = checkNotNull(metric, "EarlyStopping: monitored metric");
    checkArgument(patience >= 1,
        "EarlyStopping: patience must be at least 1 epoch, got %s", patience);
    checkArgument(minDelta >= 0 && Double.isFinite(minDelta),
        "EarlyStopping: minDelta must be zero or positive, got %s", minDelta);
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
    this.tracker = new BestMetric(metric, minDelta);
  }

  /** A builder: monitors validation loss with patience 5, min delta 0, no weight restore. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resets, then replays the epochs a resumed run brings along ({@link TrainingContext#history()}),
   * so patience and the best epoch continue where the checkpointed run left them. Weights of
   * epochs before the checkpoint are not available to restore.
   */
  @Override
  public void onTrainingStart(TrainingContext context) {
    checkState(!metric.needsValidation() || context.hasValidation(),
        "EarlyStopping monitors %s, but fit(...) was given no validation set", metric);
    tracker.reset();
    wait = 0;
    bestWeights = null;
    for (EpochRecord earlier : context.history()) {
      track(context, earlier);
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    if (track(context, record)) {
      if (restoreBestWeights) {
        bestWeights = snapshot(context.model().parameters());
      }
      return;
    }
    if (wait >= patience) {
      context.requestStop(String.format(
          Locale.ROOT,
          "early stopping: %s did not improve by more than %s for %d epochs; best %.4f in epoch %d",
          metric, minDelta, patience, tracker.best(), tracker.bestEpoch() + 1));
    }
  }

  /** Offers {@code record} to the tracker; returns whether it is the new best. */
  private boolean track(TrainingContext context, EpochRecord record) {
    if (tracker.offer(record)) {
      wait = 0;
      context.recordBestEpoch(record.epoch());
      return true;
    }
    wait++;
    return false;
  }

  @Override
  public void onTrainingEnd(TrainingContext context, TrainingHistory history) {
    if (bestWeights != null && tracker.bestEpoch() != history.last().epoch()) {
      List<Parameter> parameters = context.model().parameters();
      for (int i = 0; i < parameters.size(); i++) {
        parameters.get(i).value()
            .copyFrom(Tensor.of(parameters.get(i).shape(), bestWeights.get(i)));
      }
    }
  }

  private static List<float[]> snapshot(List<Parameter> parameters) {
    List<float[]> copies = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      copies.add(p.value().toArray());
    }
    return copies;
  }

  /** The 0-based best epoch of the last run, or -1 before any. */
  public int bestEpoch() {
    return tracker.bestEpoch();
  }

  /** The best value of the monitored metric in the last run (NaN before any). */
  public double bestValue() {
    return tracker.best();
  }

  /** Settings for {@link EarlyStopping}. */
  public static final class Builder {
    private Metric metric = Metric.VALIDATION_LOSS;
    private int patience = 5;
    private double minDelta;
    private boolean restoreBestWeights;

    private Builder() {}

    /** The metric to watch (default validation loss); losses must fall, accuracies rise. */
    public Builder monitor(Metric metric) {
      this.metric = metric;
      return this;
    }

    /** Epochs without improvement before stopping, at least 1 (default 5). */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /** The smallest change that counts as an improvement (default 0). */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /** Whether to put back the best epoch's weights at the end (default false). */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    public EarlyStopping build() {
      return new EarlyStopping(metric, patience, minDelta, restoreBestWeights);
    }
  }
}
