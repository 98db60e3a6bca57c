package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.training.io.LayerRegistry;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.OptimizerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private final Dataset train = Problems.separable(200, 1);
  private final Dataset validation = Problems.separable(60, 2);

  @TempDir Path dir;

  private static Trainer.Builder trainer(Sequential model) {
    return Trainer.builder().model(model).loss(Losses.crossEntropy()).optimizer(new Adam(0.01))
        .batchSize(16).seed(9);
  }

  /** A context whose model's weights all equal the epoch that just ended. */
  private static TrainingContext contextAt(Sequential model, List<EpochRecord> earlier) {
    TrainingContext context = mock(TrainingContext.class);
    when(context.model()).thenReturn(model);
    when(context.hasValidation()).thenReturn(true);
    when(context.history()).thenReturn(earlier);
    return context;
  }

  private static void endEpoch(Checkpoint listener, TrainingContext context, Sequential model,
      int epoch, double validationLoss) {
    for (Parameter p : model.parameters()) {
      p.value().fill(epoch);
    }
    when(context.checkpoint()).thenReturn(new TrainingCheckpoint(model,
        new OptimizerState("Sgd", epoch + 1, 0, List.of()), epoch + 1, 9, 16, true, List.of()));
    listener.onEpochEnd(context, new EpochRecord(epoch, 1, 0.5, validationLoss, 0.5, 0.1));
  }

  private static float[] filled(Sequential model, float value) {
    float[] expected = new float[(int) model.parameterCount()];
    java.util.Arrays.fill(expected, value);
    return expected;
  }

  @Test
  void aModelThatWentNonFiniteIsNotSavedAndTheLastGoodFileStays() throws IOException {
    Sequential model = Problems.smallNetwork(1);
    Path last = dir.resolve("last.lmf");
    Checkpoint listener = Checkpoint.builder().last(last).build();
    TrainingContext context = contextAt(model, List.of());
    listener.onTrainingStart(context);
    endEpoch(listener, context, model, 0, 0.5);
    model.parameters().get(2).value().setFlat(3, Float.NEGATIVE_INFINITY);
    when(context.checkpoint()).thenReturn(new TrainingCheckpoint(model,
        new OptimizerState("Sgd", 2, 0, List.of()), 2, 9, 16, true, List.of()));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> listener.onEpochEnd(context, new EpochRecord(1, 1, 0.5, 0.5, 0.5, 0.1)));

    assertTrue(e.getMessage().startsWith(
        "cannot save parameter dense_2/kernel [16, 2]: it holds -Infinity at index 3"),
        e.getMessage());
    assertArrayEquals(filled(model, 0), Problems.weights(TrainingCheckpoint.load(last).model()));
  }

  @Test
  void theBestFileHoldsTheBestEpochAndTheLastFileTheLast() throws IOException {
    Sequential model = Problems.smallNetwork(1);
    Checkpoint listener = Checkpoint.builder().last(dir.resolve("last.lmf"))
        .best(dir.resolve("best.lmf")).monitor(Metric.VALIDATION_LOSS).build();
    TrainingContext context = contextAt(model, List.of());
    listener.onTrainingStart(context);
    endEpoch(listener, context, model, 0, 0.5);
    endEpoch(listener, context, model, 1, 0.3);
    endEpoch(listener, context, model, 2, 0.4);

    TrainingCheckpoint best = TrainingCheckpoint.load(dir.resolve("best.lmf"));
    TrainingCheckpoint last = TrainingCheckpoint.load(dir.resolve("last.lmf"));
    assertArrayEquals(filled(model, 1), Problems.weights(best.model()));
    assertEquals(2, best.nextEpoch());
    assertArrayEquals(filled(model, 2), Problems.weights(last.model()));
    assertEquals(3, last.nextEpoch());
    assertEquals(1, listener.bestEpoch());
  }

  @Test
  void aResumedRunKeepsTheBestOfTheEpochsBeforeTheCheckpoint() {
    Sequential model = Problems.smallNetwork(1);
    Path best = dir.resolve("best.lmf");
    Checkpoint listener = Checkpoint.builder().best(best).monitor(Metric.VALIDATION_ACCURACY)
        .build();
    TrainingContext context = contextAt(model,
        List.of(new EpochRecord(0, 1, 0.5, 0.1, 0.9, 0.1)));
    listener.onTrainingStart(context);
    endEpoch(listener, context, model, 1, 0.05);

    assertFalse(Files.exists(best), "validation accuracy 0.5 after 0.9 is no improvement");
    assertEquals(0, listener.bestEpoch());
    verify(context, never()).checkpoint();
  }

  @Test
  void inARealRunTheFilesHoldTheWeightsOfTheirEpochs() throws IOException {
    Sequential model = Problems.smallNetwork(1);
    List<float[]> weightsByEpoch = new ArrayList<>();
    TrainingListener snapshots = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingContext context, EpochRecord record) {
        weightsByEpoch.add(Problems.weights(context.model()));
      }
    };
    Checkpoint checkpoint = Checkpoint.builder().last(dir.resolve("last.lmf"))
        .best(dir.resolve("best.lmf")).build();
    TrainingHistory history = trainer(model).epochs(5).listener(checkpoint).listener(snapshots)
        .build().fit(train, validation);

    int bestEpoch = 0;
    for (EpochRecord r : history.epochs()) {
      if (r.validationLoss() < history.epochs().get(bestEpoch).validationLoss()) {
        bestEpoch = r.epoch();
      }
    }
    TrainingCheckpoint best = TrainingCheckpoint.load(dir.resolve("best.lmf"));
    TrainingCheckpoint last = TrainingCheckpoint.load(dir.resolve("last.lmf"));
    assertEquals(bestEpoch, checkpoint.bestEpoch());
    assertEquals(bestEpoch + 1, best.nextEpoch());
    assertArrayEquals(weightsByEpoch.get(bestEpoch), Problems.weights(best.model()));
    assertEquals(history.epochs().subList(0, bestEpoch + 1), best.history());
    assertEquals(5, last.nextEpoch());
    assertArrayEquals(Problems.weights(model), Problems.weights(last.model()));
    assertEquals(history.epochs(), last.history());
  }

  @Test
  void resumingFromTheLastCheckpointAfterACrashFinishesLikeAnUninterruptedRun() throws IOException {
    Sequential whole = Problems.dropoutNetwork(4);
    TrainingHistory wholeHistory = trainer(whole).epochs(4).build().fit(train, validation);

    Path last = dir.resolve("last.lmf");
    TrainingListener crash = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingContext context, EpochRecord record) {
        if (record.epoch() == 1) {
          throw new IllegalStateException("power cut");
        }
      }
    };
    Trainer crashing = trainer(Problems.dropoutNetwork(4)).epochs(4)
        .listener(Checkpoint.last(last)).listener(crash).build();
    assertThrows(IllegalStateException.class, () -> crashing.fit(train, validation));

    TrainingCheckpoint saved = TrainingCheckpoint.load(last);
    assertEquals(2, saved.nextEpoch());
    TrainingHistory resumed = Trainer.builder().resumeFrom(saved).loss(Losses.crossEntropy())
        .optimizer(new Adam(0.01)).epochs(4).listener(Checkpoint.last(last)).build()
        .fit(train, validation);

    assertArrayEquals(Problems.weights(whole), Problems.weights(saved.model()));
    assertEquals(wholeHistory.last().validationLoss(), resumed.last().validationLoss());
    assertEquals(4, TrainingCheckpoint.load(last).nextEpoch());
  }

  @Test
  void aFailureToWriteEndsTrainingAndNamesTheFile() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("removed-once-training-starts"));
    Path unwritable = folder.resolve("last.lmf");
    TrainingListener remover = new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingContext context) {
        try {
          Files.delete(folder);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    TrainingListener observer = mock(TrainingListener.class);
    Trainer t = trainer(Problems.smallNetwork(1)).epochs(3).listener(Checkpoint.last(unwritable))
        .listener(remover).listener(observer).build();

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> t.fit(train));
    assertTrue(e.getMessage().contains(unwritable.toString()), e.getMessage());
    verify(observer, never()).onEpochEnd(any(), any());
    verify(observer).onTrainingFailed(any(), same(e));
  }

  /** These once surfaced only after a whole epoch of training. */
  @Test
  void whatCanBeCheckedBeforeTrainingIsCheckedBeforeTheFirstEpoch() throws IOException {
    Path missing = dir.resolve("no-such-folder").resolve("last.lmf");
    Path file = Files.createFile(dir.resolve("a-file"));
    Path underAFile = file.resolve("last.lmf");
    Path aFolder = Files.createDirectory(dir.resolve("a-folder.lmf"));

    assertEquals("Checkpoint: cannot save to " + missing + ": the folder of last.lmf does not"
        + " exist", failureAtStart(Checkpoint.last(missing)));
    assertEquals("Checkpoint: cannot save to " + underAFile + ": " + file.toAbsolutePath()
        + " is a file, not a folder", failureAtStart(Checkpoint.builder().last(dir.resolve("ok"))
        .best(underAFile).monitor(Metric.LOSS).build()));
    assertEquals("Checkpoint: cannot save to " + aFolder + ": it is a folder, not a regular file",
        failureAtStart(Checkpoint.last(aFolder)));
    Path tooLong = dir.resolve("x".repeat(256) + ".lmf");
    assertTrue(failureAtStart(Checkpoint.last(tooLong)).startsWith("Checkpoint: cannot save to "
        + tooLong + ": "));
    try (var left = Files.list(dir)) {
      assertEquals(2, left.count(), "the checks leave nothing behind: a-file, a-folder.lmf");
    }
    String unregistered = failureAtStart(Checkpoint.builder().last(dir.resolve("x.lmf"))
        .registry(LayerRegistry.empty()).build());
    assertTrue(unregistered.startsWith("Checkpoint: cannot save layer dense_1 (Dense): its class"
        + " dev.lamina.layers.Dense is not registered"), unregistered);
  }

  /** The message of the failure of a training run with {@code checkpoint}, before any epoch. */
  private String failureAtStart(Checkpoint checkpoint) {
    TrainingListener observer = mock(TrainingListener.class);
    Sequential model = Problems.smallNetwork(1);
    float[] before = Problems.weights(model);
    Trainer t = trainer(model).epochs(2).listener(checkpoint).listener(observer).build();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(train));
    verify(observer, never()).onEpochStart(any());
    verify(observer).onTrainingFailed(any(), same(e));
    assertArrayEquals(before, Problems.weights(model));
    return e.getMessage();
  }

  @Test
  void theSettingsAreChecked() {
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> Checkpoint.builder().build());
    assertTrue(none.getMessage().contains("last(path)"), none.getMessage());
    Path same = dir.resolve("c.lmf");
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.builder().last(same).best(same).build());
    // two spellings of one file once passed, and every epoch overwrote the best with the last
    IllegalArgumentException spelled = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.builder().last(same).best(dir.resolve("x/../c.lmf")).build());
    assertEquals("Checkpoint: the last and the best checkpoint need different files, both are "
        + same.toAbsolutePath().normalize(), spelled.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.builder()
        .last(Path.of("c.lmf")).best(Path.of("c.lmf").toAbsolutePath()).build());
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.builder().minDelta(-1));
  }

  @Test
  void aLinkToTheOtherCheckpointIsTheSameFile() throws IOException {
    Path same = dir.resolve("c.lmf");
    Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked"), dir);
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.builder().last(same)
        .best(linkedFolder.resolve("c.lmf")).build(), "through a linked folder, not yet written");
    Files.createFile(same);
    Path link = Files.createSymbolicLink(dir.resolve("link.lmf"), same);
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.builder().last(same).best(link).build(), "a link to the file");
    Checkpoint.builder().last(same).best(dir.resolve("other.lmf")).build();
  }

  @Test
  void theSettingsAreCheckedAgainstTheTrainer() {
    Path same = dir.resolve("c.lmf");
    Checkpoint byValidation = Checkpoint.builder().best(same).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1)).epochs(1).listener(byValidation).build()
            .fit(train));
    assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("no validation"),
        e.getMessage());
    assertFalse(Files.exists(same));
  }
}
