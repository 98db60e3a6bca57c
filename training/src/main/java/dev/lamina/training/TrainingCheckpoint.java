package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.Sequential;
import dev.lamina.training.io.LayerRegistry;
import dev.lamina.training.io.LoadedModel;
import dev.lamina.training.io.ModelFileException;
import dev.lamina.training.io.ModelFiles;
import dev.lamina.training.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@link Trainer} needs to continue a run exactly where it stopped: the model (with
 * each Dropout layer's mask position), the optimizer's state, the next epoch to run, the settings
 * that decide the batches (shuffle seed, batch size, whether to shuffle) and the epochs run so far.
 * Resuming from a checkpoint taken after epoch {@code k} ends with the same weights, bit for bit,
 * as a run that was never interrupted; learning-rate schedules see the right epochs.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy())
 *     .optimizer(new Adam(0.01)).batchSize(64).epochs(2).seed(42).build();
 * TrainingHistory firstTwo = trainer.fit(train, test);
 * trainer.checkpoint(firstTwo).save(Path.of("run.lmf")); // or add a Checkpoint listener
 *
 * TrainingCheckpoint saved = TrainingCheckpoint.load(Path.of("run.lmf"));
 * Trainer resumed = Trainer.builder().resumeFrom(saved)  // model, seed, batches, optimizer state
 *     .loss(Losses.crossEntropy()).optimizer(new Adam(0.01)).epochs(4).build();
 * TrainingHistory all = resumed.fit(train, test);        // runs epochs 2 and 3; history 0..3
 * }</pre>
 *
 * <p>The file is a {@link ModelFiles} model file whose {@link dev.lamina.training.io.TrainingState}
 * holds the rest under names such as {@code trainer/nextEpoch}, {@code optimizer/name}, {@code
 * optimizer/0} and {@code history/0/loss}, so {@link ModelFiles#load} also reads it as a plain
 * model. The optimizer itself is not stored, only its settings (the learning rate in the last
 * epoch, weight decay, momentum, betas, ...): resume with an optimizer configured as before.
 * Resuming with other settings logs a warning that names each difference ({@link
 * dev.lamina.training.optim.Optimizer#settingsChangedFrom}), since the run then does not continue
 * as the saved one would have.
 *
 * <p>When a listener stopped training in the middle of an epoch, that epoch does not count as run:
 * the checkpoint's {@code nextEpoch} is that epoch and its {@code history} ends before it, so a
 * resumed run starts it again from its first batch (from the weights as they were at the stop, so
 * such a resume is not bitwise an uninterrupted run).
 *
 * @param model the model; a checkpoint taken from a running trainer refers to the live model, so
 *     save it before training continues
 * @param optimizer the optimizer's exported state
 * @param nextEpoch the 0-based epoch a resumed run starts with
 * @param seed the seed mini-batches are shuffled from
 * @param batchSize samples per mini-batch, or 0 for full-batch training
 * @param shuffle whether mini-batches are reshuffled each epoch
 * @param history the epochs run so far, in order
 */
public record TrainingCheckpoint(Sequential model, OptimizerState optimizer, int nextEpoch,
    long seed, int batchSize, boolean shuffle, List<EpochRecord> history) {

  public TrainingCheckpoint {
    checkNotNull(model, "TrainingCheckpoint: model");
    checkNotNull(optimizer, "TrainingCheckpoint: optimizer state");
    checkArgument(nextEpoch >= 0, "TrainingCheckpoint: next epoch must not be negative, got %s",
        nextEpoch);
    checkArgument(batchSize >= 0, "TrainingCheckpoint: batch size must not be negative, got %s",
        batchSize);
    history = List.copyOf(history);
  }

  /** Saves this checkpoint to {@code path} atomically, with {@link LayerRegistry#defaults()}. */
  public void save(Path path) throws IOException {
    save(path, LayerRegistry.defaults());
  }

  /** Saves this checkpoint to {@code path} atomically; custom layers need {@code registry}. */
  public void save(Path path, LayerRegistry registry) throws IOException {
    ModelFiles.save(model, CheckpointState.encode(this), path, registry);
  }

  /** Loads a checkpoint saved by {@link #save(Path)}. */
  public static TrainingCheckpoint load(Path path) throws IOException {
    return load(path, LayerRegistry.defaults());
  }

  /**
   * Loads a checkpoint, creating layers through {@code registry}. Throws {@link
   * ModelFileException} naming the file when it is damaged, holds no training state or not the
   * values of a checkpoint.
   */
  public static TrainingCheckpoint load(Path path, LayerRegistry registry) throws IOException {
    LoadedModel loaded = ModelFiles.loadCheckpoint(path, registry);
    if (loaded.trainingState().isEmpty()) {
      throw new ModelFileException(path.toString(),
          "the file holds a model without training state; it is not a checkpoint");
    }
    return CheckpointState.decode(path.toString(), loaded.model(), loaded.trainingState().get());
  }
}
