package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.lamina.datasets.AtomicFiles;
import dev.lamina.datasets.IoProblems;
import dev.lamina.training.io.LayerRegistry;
import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Saves {@link TrainingCheckpoint}s while training: the last epoch's after every epoch, and/or the
 * best epoch's whenever a monitored {@link Metric} improves (by more than {@code minDelta}, as in
 * {@link EarlyStopping}). Each file is replaced atomically, so it always holds a whole checkpoint.
 * When training starts it checks what it can before any epoch runs: that the model can be saved
 * with its registry (every layer registered, {@link ModelFiles#checkSavable}) and that each file's
 * folder exists and takes the file ({@code AtomicFiles.checkWritable}); each failure is an
 * {@link IllegalStateException} naming the layer or the file. A file that still cannot be written
 * later ends training: the {@link UncheckedIOException} propagates out of {@link Trainer#fit}. So
 * does a model with a NaN or infinite parameter (possible only with the trainer's non-finite guard
 * switched off), which {@link ModelFiles} refuses to save with an {@link
 * IllegalArgumentException} naming the parameter; the files keep their earlier checkpoints.
 *
 * <pre>{@code
 * Checkpoint checkpoint = Checkpoint.builder()
 *     .last(Path.of("run-last.lmf"))
 *     .best(Path.of("run-best.lmf")).monitor(Metric.VALIDATION_ACCURACY)
 *     .build();
 * trainer = Trainer.builder()...listener(checkpoint).build();
 * // after a crash: Trainer.builder().resumeFrom(TrainingCheckpoint.load(Path.of("run-last.lmf")))
 * }</pre>
 *
 * <p>A resumed run brings its earlier epochs along, so the best file is only replaced by an epoch
 * that beats every epoch of the whole run.
 */
public final class Checkpoint implements TrainingListener {
  private final Path last;
  private final Path best;
  private final BestMetric tracker;
  private final LayerRegistry registry;

  private Checkpoint(Builder b) {
    this.last = b.last;
    this.best = b.best;
    this.tracker = new BestMetric(b.metric, b.minDelta);
    this.registry = b.registry;
  }

  /** A builder; set {@link Builder#last} and/or {@link Builder#best}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Saves the last epoch's checkpoint to {@code path} after every epoch. */
  public static Checkpoint last(Path path) {
    return builder().last(path).build();
  }

  @Override
  public void onTrainingStart(TrainingContext context) {
    Metric metric = tracker.metric();
    checkState(best == null || !metric.needsValidation() || context.hasValidation(),
        "Checkpoint keeps the best %s in %s, but fit(...) was given no validation set", metric,
        best);
    try {
      ModelFiles.checkSavable(context.model(), registry);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Checkpoint: " + e.getMessage(), e);
    }
    checkWritable(last);
    checkWritable(best);
    tracker.reset();
    for (EpochRecord earlier : context.history()) {
      tracker.offer(earlier);
    }
  }

  /**
   * Fails unless {@code file} (null for none) could be saved now ({@link
   * AtomicFiles#checkWritable}: its folder exists, it is no folder, device or pipe, and a file
   * named as long as the save's temporary file can be created beside it).
   */
  private static void checkWritable(Path file) {
    if (file == null) {
      return;
    }
    try {
      AtomicFiles.checkWritable(file);
    } catch (IOException e) {
      String why = e instanceof NotDirectoryException
          ? ((NotDirectoryException) e).getFile() + " is a file, not a folder"
          : IoProblems.describe(e);
      throw new IllegalStateException("Checkpoint: cannot save to " + file + ": " + why, e);
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    boolean improved = best != null && tracker.offer(record);
    if (last == null && !improved) {
      return;
    }
    TrainingCheckpoint checkpoint = context.checkpoint();
    if (last != null) {
      save(checkpoint, last);
    }
    if (improved) {
      save(checkpoint, best);
    }
  }

  private void save(TrainingCheckpoint checkpoint, Path path) {
    try {
      checkpoint.save(path, registry);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint: could not save epoch "
          + checkpoint.nextEpoch() + " to " + path + ": " + e.getMessage(), e);
    }
  }

  /** The 0-based epoch of the best file's checkpoint so far, or -1 (also without a best file). */
  public int bestEpoch() {
    return best == null ? -1 : tracker.bestEpoch();
  }

  /** Settings for a {@link Checkpoint}. */
  public static final class Builder {
    private Path last;
    private Path best;
    private Metric metric = Metric.VALIDATION_LOSS;
    private double minDelta;
    private LayerRegistry registry = LayerRegistry.defaults();

    private Builder() {}

    /** The file that holds the checkpoint of the last epoch run, replaced after every epoch. */
    public Builder last(Path path) {
      this.last = checkNotNull(path, "Checkpoint: last path");
      return this;
    }

    /** The file that holds the checkpoint of the best epoch by {@link #monitor}. */
    public Builder best(Path path) {
      this.best = checkNotNull(path, "Checkpoint: best path");
      return this;
    }

    /** The metric the best epoch is chosen by (default validation loss). */
    public Builder monitor(Metric metric) {
      this.metric = checkNotNull(metric, "Checkpoint: monitored metric");
      return this;
    }

    /** The smallest change that counts as an improvement (default 0). */
    public Builder minDelta(double minDelta) {
      checkArgument(minDelta >= 0 && Double.isFinite(minDelta),
          "Checkpoint: minDelta must be zero or positive, got %s", minDelta);
      this.minDelta = minDelta;
      return this;
    }

    /** The registry that encodes the model's layers (default {@link LayerRegistry#defaults()}). */
    public Builder registry(LayerRegistry registry) {
      this.registry = checkNotNull(registry, "Checkpoint: layer registry");
      return this;
    }

    public Checkpoint build() {
      checkState(last != null || best != null, "Checkpoint: set last(path) and/or best(path)");
      // "run.lmf", "./run.lmf" and a link to it are one file
      checkArgument(last == null || best == null || !AtomicFiles.sameTarget(last, best),
          "Checkpoint: the last and the best checkpoint need different files, both are %s",
          last == null ? null : last.toAbsolutePath().normalize());
      return new Checkpoint(this);
    }
  }
}
