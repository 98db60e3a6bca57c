package dev.lamina.training;

/**
 * The best value of a monitored {@link Metric} over a run's epochs: a value improves on the best
 * when it is better (lower for losses, higher for accuracies) by more than {@code minDelta}; the
 * first non-NaN value always does. Shared by {@link EarlyStopping} and {@link Checkpoint}.
 */
final class BestMetric {
  private final Metric metric;
  private final double minDelta;
  private double best = Double.NaN;
  private int bestEpoch = -1;

  BestMetric(Metric metric, double minDelta) {
    this.metric = metric;
    this.minDelta = minDelta;
  }

  /** Forgets the best so far. */
  void reset() {
    best = Double.NaN;
    bestEpoch = -1;
  }

  /** Whether {@code record} improves on the best; if so it becomes the best. */
  boolean offer(EpochRecord record) {
    double value = metric.of(record);
    if (!improves(value)) {
      return false;
    }
    best = value;
    bestEpoch = record.epoch();
    return true;
  }

  private boolean improves(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (bestEpoch < 0) {
      return true;
    }
    return metric.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
  }

  Metric metric() {
    return metric;
  }

  /** The best value so far, NaN before any. */
  double best() {
    return best;
  }

  /** The epoch of the best value, -1 before any. */
  int bestEpoch() {
    return bestEpoch;
  }
}
