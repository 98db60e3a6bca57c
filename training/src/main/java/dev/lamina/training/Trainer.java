package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.lamina.datasets.Batch;
import dev.lamina.datasets.Batches;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.loss.Loss;
import dev.lamina.training.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains a {@link Sequential} classifier on a {@link Dataset} and evaluates it.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *     .model(model).loss(Losses.crossEntropy()).optimizer(new Sgd(0.1))
 *     .batchSize(64).epochs(3).seed(42)
 *     .listener(TrainingListener.logging())
 *     .build();
 * TrainingHistory history = trainer.fit(train, test);
 * }</pre>
 *
 * <p>Each step runs the model forward in training mode, computes the loss against the batch's
 * labels (fused with a final Softmax when the loss supports it), back-propagates and lets the
 * optimizer update the parameters. With mini-batches, epoch {@code e}'s batches are the dataset
 * reshuffled from the seed and {@code e} ({@link Batches#shuffle}), so a run is reproducible and
 * can be resumed at any epoch; full-batch mode takes one step per epoch over the whole set in
 * dataset order, as the notebook does. A fixed seed gives bitwise-identical weights for any thread
 * count.
 *
 * <p>To continue a saved run, build the trainer with {@link Builder#resumeFrom} on a {@link
 * TrainingCheckpoint} (taken with {@link #checkpoint(TrainingHistory)} or by a {@link Checkpoint}
 * listener): it ends with the weights an uninterrupted run would have.
 *
 * <p>Unless switched off, a guard stops training with a {@link TrainingDivergedException} as soon
 * as a batch's loss or a parameter becomes NaN or infinite. The trainer itself logs and prints
 * nothing; add listeners for that.
 *
 * <p>A trainer holds its optimizer's state between calls; it is not for use from several threads.
 */
public final class Trainer {
  /** The default number of samples per inference chunk in {@link #evaluate}. */
  public static final int DEFAULT_EVALUATION_CHUNK = 1000;

  private final Sequential model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final boolean shuffle;
  private final int threads;
  private final boolean guard;
  private final int evaluationChunk;
  private final List<TrainingListener> listeners;
  private final int resumeEpoch;
  private final List<EpochRecord> resumeHistory;

  private Trainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.threads = b.threads;
    this.guard = b.guard;
    this.evaluationChunk = b.evaluationChunk;
    this.listeners = List.copyOf(b.listeners);
    this.resumeEpoch = b.resumeFrom == null ? 0 : b.resumeFrom.nextEpoch();
    this.resumeHistory = b.resumeFrom == null ? List.of() : b.resumeFrom.history();
  }

  /** A builder; model, loss, optimizer and epochs are required. */
  public static Builder builder() {
    return new Builder();
  }

  public Sequential model() {
    return model;
  }

  public Loss loss() {
    return loss;
  }

  /** The optimizer, whose state ({@link Optimizer#state()}) can be saved to resume later. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Trains for all epochs without validation; see {@link #fit(Dataset, Dataset)}. */
  public TrainingHistory fit(Dataset train) {
    return fit(train, null);
  }

  /**
   * Trains for all epochs, measuring {@code validation} (may be null) after each. A trainer built
   * with {@link Builder#resumeFrom} starts at the checkpoint's next epoch, and the returned history
   * (like {@link TrainingContext#history()}) begins with the checkpoint's epochs. Modifies the
   * model's parameters and the optimizer's state.
   */
  public TrainingHistory fit(Dataset train, Dataset validation) {
    return run(train, validation, resumeEpoch, resumeHistory);
  }

  /**
   * Trains epochs {@code [startEpoch, epochs)}, measuring {@code validation} (may be null) after
   * each; the returned history holds only these epochs, and a checkpoint given to {@link
   * Builder#resumeFrom} is not consulted. The batches and the learning rate of epoch {@code e} are
   * the same as in an uninterrupted run, so with the model's weights (and Dropout positions) and
   * the optimizer's state loaded first this continues a run by hand; {@link Builder#resumeFrom}
   * does all of that. Modifies the model's parameters and the optimizer's state.
   */
  public TrainingHistory fit(Dataset train, Dataset validation, int startEpoch) {
    return run(train, validation, startEpoch, List.of());
  }

  /**
   * A checkpoint of this trainer after a {@link #fit} that returned {@code history}: the model (not
   * a copy), the optimizer's state, the settings that decide the batches, and the epochs run. A
   * trainer built with {@link Builder#resumeFrom} on it continues with the epoch after the last
   * one in {@code history} (or restarts that one when it was stopped in its middle).
   */
  public TrainingCheckpoint checkpoint(TrainingHistory history) {
    checkNotNull(history, "Trainer: history");
    return checkpoint(history.nextEpoch(), history.completedEpochs());
  }

  /** A checkpoint resuming at {@code nextEpoch}, after the epochs in {@code history}. */
  TrainingCheckpoint checkpoint(int nextEpoch, List<EpochRecord> history) {
    return new TrainingCheckpoint(model, optimizer.state(), nextEpoch, seed, batchSize, shuffle,
        history);
  }

  private TrainingHistory run(Dataset train, Dataset validation, int startEpoch,
      List<EpochRecord> earlier) {
    checkCompatible("training set", train);
    if (validation != null) {
      checkCompatible("validation set", validation);
    }
    checkArgument(startEpoch >= 0 && startEpoch < epochs,
        "Trainer: start epoch must be in [0, %s), got %s", epochs, startEpoch);
    applyThreads();
    Batches batches = batches(train);
    int perEpoch = batches == null ? 1 : batches.count();
    TrainingRun run = new TrainingRun(this, startEpoch, epochs, perEpoch, validation != null,
        earlier);
    TrainingHistory history;
    try {
      notify(l -> l.onTrainingStart(run));
      for (int e = startEpoch; e < epochs && !run.stopRequested(); e++) {
        runEpoch(run, e, train, batches, validation);
      }
      history = run.toHistory();
      notify(l -> l.onTrainingEnd(run, history));
    } catch (RuntimeException failure) {
      notifyFailure(run, failure);
      throw failure;
    }
    return history;
  }

  private void runEpoch(TrainingRun run, int epoch, Dataset train, Batches batches,
      Dataset validation) {
    long start = System.nanoTime();
    run.startEpoch(epoch);
    optimizer.startEpoch(epoch);
    notify(l -> l.onEpochStart(run));
    Iterable<Batch> epochBatches = batches == null
        ? List.of(new Batch(train.features(), train.labels()))
        : batches.epoch(epoch);
    // a stop asked for before the first batch (in onEpochStart) takes effect after the epoch
    boolean stopAtEpochEnd = run.stopRequested();
    int index = 0;
    for (Batch batch : epochBatches) {
      step(run, index++, batch);
      notify(l -> l.onBatchEnd(run));
      if (run.stopRequested() && !stopAtEpochEnd) {
        break;
      }
    }
    Evaluation measured = validation == null ? null : evaluate(validation);
    EpochRecord record = run.endEpoch(measured, (System.nanoTime() - start) / 1e9);
    notify(l -> l.onEpochEnd(run, record));
  }

  private void step(TrainingRun run, int index, Batch batch) {
    model.zeroGradients();
    ModelPass pass = ModelPass.run(model, loss, batch.features(), true);
    float value = pass.backward(loss, batch.labels());
    if (guard && !Float.isFinite(value)) {
      throw new TrainingDivergedException(
          run.epoch(), index, run.batchesPerEpoch(), "the loss is " + value);
    }
    optimizer.step(model.parameters());
    if (guard) {
      Optional<String> bad = NonFiniteCheck.firstNonFinite(model);
      if (bad.isPresent()) {
        throw new TrainingDivergedException(run.epoch(), index, run.batchesPerEpoch(), bad.get());
      }
    }
    run.endBatch(index, batch.size(), value, pass.correct(batch.labels()));
  }

  /**
   * The model's loss, accuracy, per-class accuracy and confusion matrix on {@code dataset}, in
   * inference mode, processed in chunks of {@link Builder#evaluationChunk} samples to bound memory.
   * Does not modify the model.
   */
  public Evaluation evaluate(Dataset dataset) {
    checkCompatible("evaluation set", dataset);
    applyThreads();
    return Evaluator.evaluate(model, loss, dataset, evaluationChunk);
  }

  private Batches batches(Dataset train) {
    if (batchSize == 0) {
      return null;
    }
    Batches b = train.batches(batchSize);
    return shuffle ? b.shuffle(seed) : b;
  }

  private void checkCompatible(String what, Dataset data) {
    checkNotNull(data, "Trainer: the %s is null", what);
    checkArgument(data.size() > 0, "Trainer: the %s has no samples", what);
    Evaluator.checkFits(model, data, "Trainer: ", what);
  }

  private void applyThreads() {
    if (threads > 0) {
      Parallel.setThreads(threads);
    }
  }

  private void notify(Consumer<TrainingListener> hook) {
    for (TrainingListener l : listeners) {
      hook.accept(l);
    }
  }

  private void notifyFailure(TrainingRun run, RuntimeException failure) {
    for (TrainingListener l : listeners) {
      try {
        l.onTrainingFailed(run, failure);
      } catch (RuntimeException secondary) {
        failure.addSuppressed(secondary);
      }
    }
  }

  /** Settings for a {@link Trainer}; checked by {@link #build()}. */
  public static final class Builder {
    private Sequential model;
    private Loss loss;
    private Optimizer optimizer;
    private int batchSize = -1;
    private int epochs;
    private long seed = 42L;
    private boolean shuffle = true;
    private int threads;
    private boolean guard = true;
    private int evaluationChunk = DEFAULT_EVALUATION_CHUNK;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private TrainingCheckpoint resumeFrom;

    private Builder() {}

    /** The model to train (required). */
    public Builder model(Sequential model) {
      this.model = model;
      return this;
    }

    /** The loss (required), e.g. {@code Losses.crossEntropy()}. */
    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** The optimizer (required); its state persists across {@code fit} calls. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Mini-batches of {@code batchSize} samples (the last of an epoch may be smaller). */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize > 0, "Trainer: batch size must be positive, got %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** One step per epoch over the whole training set (the notebook's loop). */
    public Builder fullBatch() {
      this.batchSize = 0;
      return this;
    }

    /** The number of epochs (required, positive). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** The seed mini-batches are shuffled from (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether mini-batches are reshuffled each epoch (default true). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Sets {@link Parallel#setThreads} when training or evaluating starts (default: leave as is).
     * The setting is the JVM's, not this trainer's: it stays in force for every other trainer and
     * prediction until changed. Results are the same for any thread count; only speed differs.
     */
    public Builder threads(int threads) {
      checkArgument(Parallel.isValidThreads(threads),
          "Trainer: threads must be in [1, %s], got %s", Parallel.MAX_THREADS, threads);
      this.threads = threads;
      return this;
    }

    /** Whether a non-finite loss or parameter stops training with an exception (default true). */
    public Builder nonFiniteGuard(boolean on) {
      this.guard = on;
      return this;
    }

    /**
     * Samples per inference chunk in evaluation (default 1000). Predictions, and so accuracy and
     * the confusion matrix, are the same for any chunk; the mean loss may differ in its last bits,
     * being summed chunk by chunk.
     */
    public Builder evaluationChunk(int samples) {
      checkArgument(samples > 0, "Trainer: evaluation chunk must be positive, got %s", samples);
      this.evaluationChunk = samples;
      return this;
    }

    /** Adds a listener; listeners are called in the order added. */
    public Builder listener(TrainingListener listener) {
      listeners.add(checkNotNull(listener, "Trainer: listener"));
      return this;
    }

    /**
     * Continues the run saved in {@code checkpoint}: sets the model, the shuffle seed, the batch
     * size (or full batch) and shuffling to the checkpoint's (later calls override them), and makes
     * {@link Trainer#fit(Dataset, Dataset)} start at the checkpoint's next epoch with its history.
     * {@link #build()} loads the checkpoint's optimizer state into the optimizer, which must be of
     * the same kind and configured as in the saved run; {@link #epochs} stays the total number of
     * epochs, counted from the run's start.
     */
    public Builder resumeFrom(TrainingCheckpoint checkpoint) {
      this.resumeFrom = checkNotNull(checkpoint, "Trainer: checkpoint to resume from");
      this.model = checkpoint.model();
      this.seed = checkpoint.seed();
      this.batchSize = checkpoint.batchSize();
      this.shuffle = checkpoint.shuffle();
      return this;
    }

    /**
     * Checks the settings and returns the trainer. When resuming, loads the checkpoint's state into
     * the optimizer.
     */
    public Trainer build() {
      checkState(model != null, "Trainer: set a model(...)");
      checkState(loss != null, "Trainer: set a loss(...), e.g. Losses.crossEntropy()");
      checkState(optimizer != null, "Trainer: set an optimizer(...), e.g. new Sgd(0.1)");
      checkState(epochs > 0, "Trainer: set epochs(...) to a positive number, got %s", epochs);
      checkState(batchSize >= 0, "Trainer: set batchSize(...) or fullBatch()");
      if (resumeFrom != null) {
        loadResumeState();
      }
      return new Trainer(this);
    }

    private void loadResumeState() {
      int next = resumeFrom.nextEpoch();
      checkState(epochs > next,
          "Trainer: the checkpoint has run %s epochs; set epochs(...) above %s to continue, got %s",
          next, next, epochs);
      String saved = resumeFrom.optimizer().optimizer();
      checkState(saved.equals(optimizer.name()),
          "Trainer: the checkpoint holds the state of a %s optimizer, but optimizer(...) is a %s;"
              + " resume with the optimizer the run was saved with",
          saved, optimizer.name());
      optimizer.loadState(resumeFrom.optimizer());
    }
  }
}
