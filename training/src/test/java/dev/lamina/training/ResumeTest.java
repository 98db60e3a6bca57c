package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Sequential;
import dev.lamina.training.io.ModelFiles;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.LearningRateSchedule;
import dev.lamina.training.optim.Optimizer;
import dev.lamina.training.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** 2 + 2 epochs through a saved {@link TrainingCheckpoint} equal 4 uninterrupted epochs. */
class ResumeTest {
  private final Dataset train = Problems.separable(200, 1);
  private final Dataset validation = Problems.separable(60, 2);

  @TempDir Path dir;

  /** Optimizers whose learning rate changes every epoch, so a wrong epoch after resume shows. */
  static Stream<Arguments> setups() {
    Supplier<Optimizer> momentum = () -> Sgd.builder()
        .schedule(LearningRateSchedule.step(0.1, 1, 0.7)).momentum(0.9).build();
    Supplier<Optimizer> adam = () -> Adam.builder()
        .schedule(LearningRateSchedule.exponential(0.01, 0.8)).build();
    return Stream.of(
        Arguments.of("momentum, mini-batch", momentum, 16),
        Arguments.of("adam, mini-batch", adam, 16),
        Arguments.of("adam, full batch", adam, 0));
  }

  private static Trainer.Builder trainer(Sequential model, Optimizer optimizer, int batchSize) {
    Trainer.Builder b = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(optimizer).seed(11);
    return batchSize == 0 ? b.fullBatch() : b.batchSize(batchSize);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void twoPlusTwoEpochsThroughAFileEqualFourBitwise(String name, Supplier<Optimizer> optimizer,
      int batchSize) throws IOException {
    Sequential whole = Problems.dropoutNetwork(5);
    Trainer wholeTrainer = trainer(whole, optimizer.get(), batchSize).epochs(4).build();
    TrainingHistory wholeHistory = wholeTrainer.fit(train, validation);

    Sequential split = Problems.dropoutNetwork(5);
    Trainer first = trainer(split, optimizer.get(), batchSize).epochs(2).build();
    first.checkpoint(first.fit(train, validation)).save(dir.resolve("run.lmf"));

    TrainingCheckpoint saved = TrainingCheckpoint.load(dir.resolve("run.lmf"));
    Trainer resumed = Trainer.builder().resumeFrom(saved).loss(Losses.crossEntropy())
        .optimizer(optimizer.get()).epochs(4).build();
    TrainingHistory resumedHistory = resumed.fit(train, validation);

    assertArrayEquals(Problems.weights(whole), Problems.weights(saved.model()));
    assertEquals(Problems.dropoutPasses(whole), Problems.dropoutPasses(saved.model()));
    assertEquals(wholeTrainer.optimizer().steps(), resumed.optimizer().steps());
    assertEquals(wholeTrainer.optimizer().learningRate(), resumed.optimizer().learningRate());
    assertEquals(withoutSeconds(wholeHistory), withoutSeconds(resumedHistory));
  }

  @Test
  void eachPartOfTheCheckpointMatters() throws IOException {
    Supplier<Optimizer> momentum = () -> Sgd.builder()
        .schedule(LearningRateSchedule.step(0.1, 1, 0.7)).momentum(0.9).build();
    Sequential whole = Problems.dropoutNetwork(5);
    trainer(whole, momentum.get(), 16).epochs(4).build().fit(train);
    Sequential split = Problems.dropoutNetwork(5);
    Trainer first = trainer(split, momentum.get(), 16).epochs(2).build();
    first.checkpoint(first.fit(train)).save(dir.resolve("run.lmf"));

    TrainingCheckpoint freshOptimizer = TrainingCheckpoint.load(dir.resolve("run.lmf"));
    trainer(freshOptimizer.model(), momentum.get(), 16).epochs(4).build()
        .fit(train, null, 2);
    assertFalse(Arrays.equals(Problems.weights(whole), Problems.weights(freshOptimizer.model())));

    TrainingCheckpoint freshDropout = TrainingCheckpoint.load(dir.resolve("run.lmf"));
    freshDropout.model().layers().stream().filter(l -> l instanceof Dropout)
        .forEach(l -> ((Dropout) l).resumeAt(0));
    Trainer.builder().resumeFrom(freshDropout).loss(Losses.crossEntropy())
        .optimizer(momentum.get()).epochs(4).build().fit(train);
    assertFalse(Arrays.equals(Problems.weights(whole), Problems.weights(freshDropout.model())));

    TrainingCheckpoint otherSeed = TrainingCheckpoint.load(dir.resolve("run.lmf"));
    Trainer.builder().resumeFrom(otherSeed).seed(12).loss(Losses.crossEntropy())
        .optimizer(momentum.get()).epochs(4).build().fit(train);
    assertFalse(Arrays.equals(Problems.weights(whole), Problems.weights(otherSeed.model())));
  }

  @Test
  void aCheckpointRoundTripsThroughItsFile() throws IOException {
    Sequential model = Problems.dropoutNetwork(5);
    Trainer t = trainer(model, new Adam(0.01), 32).epochs(3).shuffle(false).build();
    TrainingCheckpoint original = t.checkpoint(t.fit(train));
    original.save(dir.resolve("c.lmf"));
    TrainingCheckpoint loaded = TrainingCheckpoint.load(dir.resolve("c.lmf"));

    assertEquals(3, loaded.nextEpoch());
    assertEquals(11, loaded.seed());
    assertEquals(32, loaded.batchSize());
    assertFalse(loaded.shuffle());
    assertEquals(original.history(), loaded.history());
    assertTrue(Double.isNaN(loaded.history().get(0).validationLoss()));
    assertEquals(original.optimizer().optimizer(), loaded.optimizer().optimizer());
    assertEquals(original.optimizer().steps(), loaded.optimizer().steps());
    assertEquals(2, loaded.optimizer().slotsPerParameter());
    assertEquals(2 * model.parameters().size(), loaded.optimizer().arrays().size());
    for (int i = 0; i < loaded.optimizer().arrays().size(); i++) {
      assertArrayEquals(original.optimizer().array(i), loaded.optimizer().array(i));
    }
    assertEquals(original.optimizer().settings(), loaded.optimizer().settings());
    assertEquals(0.01, loaded.optimizer().settings().get("learningRate"));
    assertEquals(List.of("learning rate 0.02 in epoch 2 (saved: 0.01)"),
        new Adam(0.02).settingsChangedFrom(loaded.optimizer()));
    Sequential plain = ModelFiles.load(dir.resolve("c.lmf"));
    assertArrayEquals(Problems.weights(model), Problems.weights(plain));
  }

  @Test
  void theResumedHistoryStartsWithTheCheckpointsEpochs() {
    Sequential model = Problems.smallNetwork(5);
    Trainer first = trainer(model, new Sgd(0.1), 50).epochs(2).build();
    TrainingHistory before = first.fit(train);
    TrainingHistory after = Trainer.builder().resumeFrom(first.checkpoint(before))
        .loss(Losses.crossEntropy()).optimizer(new Sgd(0.1)).epochs(3).build().fit(train);
    assertEquals(List.of(0, 1, 2), after.epochs().stream().map(EpochRecord::epoch).toList());
    assertEquals(before.epochs(), after.epochs().subList(0, 2));
    assertEquals("completed 3 epochs", after.stopReason());
  }

  @Test
  void earlyStoppingContinuesItsPatienceAfterAResume() {
    EarlyStopping uninterrupted = stopping();
    TrainingHistory whole = trainer(Problems.smallNetwork(1), new Sgd(0.1), 40).epochs(10)
        .listener(uninterrupted).build().fit(train);
    assertEquals(3, whole.epochs().size());

    Trainer first = trainer(Problems.smallNetwork(1), new Sgd(0.1), 40).epochs(2).build();
    TrainingHistory firstTwo = first.fit(train);
    EarlyStopping resumedStopping = stopping();
    TrainingHistory resumed = Trainer.builder().resumeFrom(first.checkpoint(firstTwo))
        .loss(Losses.crossEntropy()).optimizer(new Sgd(0.1)).epochs(10)
        .listener(resumedStopping).build().fit(train);

    assertEquals(whole.stopReason(), resumed.stopReason());
    assertEquals(withoutSeconds(whole), withoutSeconds(resumed));
    assertEquals(OptionalInt.of(0), resumed.bestEpoch());
    assertEquals(0, resumedStopping.bestEpoch());
  }

  private static EarlyStopping stopping() {
    return EarlyStopping.builder().monitor(Metric.LOSS).patience(2).minDelta(1e9).build();
  }

  @Test
  void resumingNeedsTheSameKindOfOptimizerAndMoreEpochs() {
    Trainer first = trainer(Problems.smallNetwork(1), new Adam(0.01), 50).epochs(2).build();
    TrainingCheckpoint checkpoint = first.checkpoint(first.fit(train));
    Trainer.Builder b = Trainer.builder().resumeFrom(checkpoint).loss(Losses.crossEntropy());

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> b.optimizer(new Sgd(0.1)).epochs(4).build());
    assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("Sgd"), e.getMessage());
    e = assertThrows(IllegalStateException.class,
        () -> b.optimizer(new Adam(0.01)).epochs(2).build());
    assertTrue(e.getMessage().contains("has run 2 epochs"), e.getMessage());
  }

  @Test
  void aCheckpointCanOnlyBeTakenBetweenEpochs() {
    TrainingListener midEpoch = new TrainingListener() {
      @Override
      public void onBatchEnd(TrainingContext context) {
        context.checkpoint();
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1), new Sgd(0.1), 50).epochs(1).listener(midEpoch)
            .build().fit(train));
    assertTrue(e.getMessage().contains("after an epoch has ended"), e.getMessage());
  }

  /** The records with their wall-clock times set to 0. */
  private static List<EpochRecord> withoutSeconds(TrainingHistory history) {
    return history.epochs().stream()
        .map(r -> new EpochRecord(r.epoch(), r.loss(), r.accuracy(), r.validationLoss(),
            r.validationAccuracy(), 0))
        .toList();
  }
}
