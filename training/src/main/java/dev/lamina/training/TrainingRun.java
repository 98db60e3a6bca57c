package dev.lamina.training;

import static com.google.common.base.Preconditions.checkState;

import dev.lamina.layers.Sequential;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable state of one {@link Trainer#fit} call, seen by listeners as a
 * {@link TrainingContext}. A checkpoint taken after an epoch that a listener stopped in its middle
 * does not count that epoch as run: it resumes with that epoch, from its first batch.
 */
final class TrainingRun implements TrainingContext {
  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final Trainer trainer;
  private final int startEpoch;
  private final int epochs;
  private final int batchesPerEpoch;
  private final boolean hasValidation;
  private final long startNanos = System.nanoTime();
  private final List<EpochRecord> history = new ArrayList<>();

  private int epoch;
  private int batch = -1;
  private int batchSize;
  private double batchLoss = Double.NaN;
  private double lossSum;
  private long correct;
  private long samples;
  private String stopReason;
  private int bestEpoch = -1;
  private boolean epochEnded;
  private Evaluation validation;
  private boolean epochComplete = true;

  /** A run of {@code trainer} over epochs {@code [startEpoch, epochs)} after {@code earlier}. */
  TrainingRun(Trainer trainer, int startEpoch, int epochs, int batchesPerEpoch,
      boolean hasValidation, List<EpochRecord> earlier) {
    this.trainer = trainer;
    this.history.addAll(earlier);
    this.startEpoch = startEpoch;
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.hasValidation = hasValidation;
    this.epoch = startEpoch;
  }

  void startEpoch(int e) {
    epoch = e;
    epochEnded = false;
    validation = null;
    batch = -1;
    batchSize = 0;
    batchLoss = Double.NaN;
    lossSum = 0;
    correct = 0;
    samples = 0;
  }

  void endBatch(int index, int size, double loss, int correctInBatch) {
    batch = index;
    batchSize = size;
    batchLoss = loss;
    lossSum += loss * size;
    correct += correctInBatch;
    samples += size;
  }

  EpochRecord endEpoch(Evaluation validation, double seconds) {
    EpochRecord record = new EpochRecord(epoch, epochLoss(), epochAccuracy(),
        validation == null ? Double.NaN : validation.loss(),
        validation == null ? Double.NaN : validation.accuracy(), seconds);
    history.add(record);
    this.validation = validation;
    epochEnded = true;
    epochComplete = batch + 1 == batchesPerEpoch;
    return record;
  }

  boolean stopRequested() {
    return stopReason != null;
  }

  TrainingHistory toHistory() {
    boolean early = stopReason != null;
    String reason = early ? stopReason : "completed " + epochs + " epochs";
    return new TrainingHistory(history, early, reason,
        bestEpoch < 0 ? OptionalInt.empty() : OptionalInt.of(bestEpoch), epochComplete);
  }

  @Override
  public Optional<Evaluation> validation() {
    return Optional.ofNullable(validation);
  }

  @Override
  public Sequential model() {
    return trainer.model();
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public int startEpoch() {
    return startEpoch;
  }

  @Override
  public int batch() {
    return batch;
  }

  @Override
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public double batchLoss() {
    return batchLoss;
  }

  @Override
  public double epochLoss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }

  @Override
  public double epochAccuracy() {
    return samples == 0 ? Double.NaN : (double) correct / samples;
  }

  @Override
  public boolean hasValidation() {
    return hasValidation;
  }

  @Override
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public List<EpochRecord> history() {
    return Collections.unmodifiableList(history);
  }

  @Override
  public TrainingCheckpoint checkpoint() {
    checkState(epochEnded,
        "a checkpoint can only be taken after an epoch has ended (in onEpochEnd or onTrainingEnd)");
    if (epochComplete) {
      return trainer.checkpoint(epoch + 1, history);
    }
    log.warn("epoch {} was stopped after {} of {} batches: the checkpoint restarts it from its"
        + " beginning, with the weights as they are now", epoch + 1, batch + 1, batchesPerEpoch);
    return trainer.checkpoint(epoch, history.subList(0, history.size() - 1));
  }

  @Override
  public void requestStop(String reason) {
    if (stopReason == null) {
      stopReason = reason == null || reason.isBlank() ? "stopped by a listener" : reason;
    }
  }

  @Override
  public void recordBestEpoch(int epoch) {
    this.bestEpoch = epoch;
  }
}
