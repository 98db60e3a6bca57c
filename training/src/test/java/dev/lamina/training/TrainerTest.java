package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.optim.LearningRateSchedule;
import dev.lamina.training.optim.Optimizer;
import dev.lamina.training.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  private final int threadsBefore = Parallel.threads();
  private final Dataset train = Problems.separable(400, 1);
  private final Dataset test = Problems.separable(200, 2);

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(threadsBefore);
  }

  private static Trainer.Builder trainer(Sequential model, Optimizer optimizer) {
    return Trainer.builder().model(model).loss(Losses.crossEntropy()).optimizer(optimizer).seed(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd-minibatch", "momentum-minibatch", "adam-minibatch", "sgd-fullbatch"})
  void aSmallNetworkLearnsASeparableProblem(String setup) {
    Sequential model = Problems.smallNetwork(3);
    Optimizer optimizer = setup.startsWith("adam") ? new Adam(0.01)
        : setup.startsWith("momentum") ? Sgd.builder().learningRate(0.05).momentum(0.9).build()
        : new Sgd(setup.endsWith("fullbatch") ? 1.0 : 0.1);
    Trainer.Builder b = trainer(model, optimizer).epochs(setup.endsWith("fullbatch") ? 150 : 20);
    Trainer t = (setup.endsWith("fullbatch") ? b.fullBatch() : b.batchSize(16)).build();
    double before = t.evaluate(test).accuracy();
    TrainingHistory history = t.fit(train, test);
    Evaluation evaluation = t.evaluate(test);
    assertTrue(evaluation.accuracy() >= 0.95,
        "accuracy " + evaluation.accuracy() + " (before " + before + ")");
    assertEquals(evaluation.accuracy(), history.last().validationAccuracy(), 1e-12);
    assertTrue(history.last().loss() < history.epochs().get(0).loss());
    assertFalse(history.stoppedEarly());
    assertEquals("completed " + history.epochs().size() + " epochs", history.stopReason());
  }

  @Test
  void fullBatchEpochMetricsAreThoseOfTheForwardPassBeforeTheUpdate() {
    Sequential model = Problems.smallNetwork(3);
    Trainer t = trainer(model, new Sgd(0.5)).fullBatch().epochs(3).build();
    List<Evaluation> before = new ArrayList<>();
    before.add(t.evaluate(train));
    TrainingHistory history = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(new Sgd(0.5)).fullBatch().epochs(3)
        .listener(new TrainingListener() {
          @Override
          public void onEpochEnd(TrainingContext context, EpochRecord record) {
            before.add(t.evaluate(train));
          }
        })
        .build().fit(train);
    for (int e = 0; e < 3; e++) {
      assertEquals(before.get(e).loss(), history.epochs().get(e).loss(), 1e-6, "epoch " + e);
      assertEquals(before.get(e).accuracy(), history.epochs().get(e).accuracy(), 1e-12,
          "epoch " + e);
    }
    assertTrue(Double.isNaN(history.last().validationLoss()));
  }

  @Test
  void miniBatchEpochMetricsAreTheBatchMeansWeightedBySize() {
    List<double[]> batches = new ArrayList<>();
    TrainingHistory history = trainer(Problems.smallNetwork(3), new Sgd(0.1)).batchSize(64)
        .epochs(1).listener(new TrainingListener() {
          @Override
          public void onBatchEnd(TrainingContext c) {
            batches.add(new double[] {c.batchLoss(), c.batchSize()});
          }
        })
        .build().fit(train);
    assertEquals(7, batches.size(), "400 samples in batches of 64");
    assertEquals(16, batches.get(6)[1]);
    double sum = 0;
    for (double[] b : batches) {
      sum += b[0] * b[1];
    }
    assertEquals(sum / 400, history.last().loss(), 1e-12);
  }

  @Test
  void trainingIsBitwiseIdenticalWithOneOrTwoThreads() {
    float[][] weights = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      // wide enough that the matrix products are split over threads
      Sequential model = Problems.network(5, 256);
      trainer(model, Sgd.builder().learningRate(0.1).momentum(0.9).build())
          .batchSize(100).epochs(3).threads(threads).build().fit(train);
      assertEquals(threads, Parallel.threads());
      weights[threads - 1] = Problems.weights(model);
    }
    assertArrayEquals(weights[0], weights[1]);
  }

  @Test
  void differentShuffleSeedsGiveDifferentWeights() {
    Sequential a = Problems.smallNetwork(5);
    Sequential b = Problems.smallNetwork(5);
    trainer(a, new Sgd(0.1)).batchSize(32).epochs(1).seed(1).build().fit(train);
    trainer(b, new Sgd(0.1)).batchSize(32).epochs(1).seed(2).build().fit(train);
    assertFalse(java.util.Arrays.equals(Problems.weights(a), Problems.weights(b)));
  }

  @Test
  void resumingAtAnEpochWithSavedOptimizerStateMatchesAnUninterruptedRun() {
    Sequential whole = Problems.smallNetwork(5);
    trainer(whole, new Adam(0.01)).batchSize(32).epochs(4).build().fit(train);

    Sequential split = Problems.smallNetwork(5);
    Trainer first = trainer(split, new Adam(0.01)).batchSize(32).epochs(2).build();
    first.fit(train);
    Optimizer fresh = new Adam(0.01);
    fresh.loadState(first.optimizer().state());
    TrainingHistory rest =
        trainer(split, fresh).batchSize(32).epochs(4).build().fit(train, null, 2);

    assertEquals(List.of(2, 3), rest.epochs().stream().map(EpochRecord::epoch).toList());
    assertArrayEquals(Problems.weights(whole), Problems.weights(split));
  }

  @Test
  void evaluationCountsTheConfusionMatrixAndDoesNotDependOnTheChunkSize() {
    Sequential model = Problems.smallNetwork(3);
    trainer(model, new Sgd(0.1)).batchSize(16).epochs(2).build().fit(train);
    Evaluation big = trainer(model, new Sgd(0.1)).batchSize(16).epochs(1).build().evaluate(test);
    Evaluation small = trainer(model, new Sgd(0.1)).batchSize(16).epochs(1).evaluationChunk(7)
        .build().evaluate(test);
    assertEquals(200, big.samples());
    assertArrayEquals(big.confusionMatrix(), small.confusionMatrix());
    assertEquals(big.loss(), small.loss(), 1e-6);
    long[][] m = big.confusionMatrix();
    int[] labels = test.labels();
    long zeros = java.util.Arrays.stream(labels).filter(l -> l == 0).count();
    assertEquals(zeros, m[0][0] + m[0][1]);
    assertEquals((double) m[1][1] / (m[1][0] + m[1][1]), big.perClassAccuracy()[1], 1e-12);
    assertEquals((double) (m[0][0] + m[1][1]) / 200, big.accuracy(), 1e-12);
  }

  @Test
  void softmaxWithCrossEntropyStaysFiniteForHugeLogits() {
    Sequential model = Problems.smallNetwork(3);
    for (Parameter p : model.parameters()) {
      p.value().scaleInPlace(1000f);
    }
    Trainer t = trainer(model, new Sgd(0.1)).batchSize(50).epochs(1).build();
    assertTrue(Double.isFinite(t.evaluate(test).loss()));
    TrainingHistory h = t.fit(train, test);
    assertTrue(Double.isFinite(h.last().loss()) && Double.isFinite(h.last().validationLoss()));
    assertTrue(h.last().loss() > 1, "confidently wrong samples cost a lot: " + h.last().loss());
  }

  /** A PyTorch habit: logits into cross-entropy. It once trained silently to a negative loss. */
  @Test
  void crossEntropyOnAModelWithoutSoftmaxFailsOnTheFirstBatchBeforeAnyUpdate() {
    Sequential logits = Sequential.builder(Shape.of(2)).add(new Dense(8)).add(new Dense(2))
        .seed(5).build();
    float[] before = Problems.weights(logits);
    Trainer t = trainer(logits, new Sgd(0.1)).batchSize(50).epochs(3).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(train));
    assertTrue(e.getMessage().startsWith("CrossEntropy: prediction "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" is not a probability in [0, 1]; this loss takes"
        + " probabilities: end the model with a Softmax (the trainer then computes the loss from"
        + " the Softmax's input)"), e.getMessage());
    assertArrayEquals(before, Problems.weights(logits));
  }

  @Test
  void theGuardStopsAnExplodingLearningRateNamingEpochBatchAndValue() {
    Sequential linear = Sequential.of(Shape.of(2), new Dense(2));
    Trainer t = Trainer.builder().model(linear).loss(Losses.meanSquaredError())
        .optimizer(new Sgd(1e4)).batchSize(100).epochs(50).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(train));
    assertTrue(e.getMessage().matches(
        "training diverged in epoch \\d+, batch \\d of 4: .*(NaN|Infinity).*"),
        e.getMessage());
    assertTrue(e.getMessage().contains("loss is")
        || e.getMessage().contains("parameter kernel of layer dense_1")
        || e.getMessage().contains("parameter bias of layer dense_1"), e.getMessage());
    assertTrue(e.epoch() >= 0 && e.batch() >= 0 && e.batch() < 4);
  }

  /** The loss of the step is finite; only the parameter check after the update can catch this. */
  @Test
  void theGuardNamesTheParameterAnUpdateMadeNonFinite() {
    Sequential linear = Sequential.of(Shape.of(2), new Dense(2));
    Optimizer poisoning = new Optimizer(LearningRateSchedule.constant(0.01), 0) {
      @Override
      protected int stateSlots() {
        return 0;
      }

      @Override
      protected void update(float[] w, int wOff, float[] g, int gOff, int n, float[][] state,
          float learningRate, long step) {
        if (step == 3 && n == 2) { // the bias, on the third batch
          w[wOff + 1] = Float.NEGATIVE_INFINITY;
        }
      }
    };
    Trainer t = Trainer.builder().model(linear).loss(Losses.meanSquaredError()).optimizer(poisoning)
        .batchSize(100).epochs(1).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(train));
    assertEquals("training diverged in epoch 1, batch 3 of 4: parameter bias of layer dense_1 "
        + "(Dense) has -Infinity at index 1 after the update (try a smaller learning rate)",
        e.getMessage());
  }

  @Test
  void withoutTheGuardDivergenceIsRecordedNotThrown() {
    Sequential linear = Sequential.of(Shape.of(2), new Dense(2));
    TrainingHistory h = Trainer.builder().model(linear).loss(Losses.meanSquaredError())
        .optimizer(new Sgd(1e4)).fullBatch().epochs(60).nonFiniteGuard(false).build().fit(train);
    assertFalse(Double.isFinite(h.last().loss()));
  }

  @Test
  void aModelThatDoesNotFitTheDataIsRejectedNamingBothShapes() {
    Sequential wrongInput = Sequential.of(Shape.of(3), new Dense(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer(wrongInput, new Sgd(0.1)).batchSize(8).epochs(1).build().fit(train));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());

    Sequential wrongOutput = Sequential.of(Shape.of(2), new Dense(3));
    e = assertThrows(IllegalArgumentException.class,
        () -> trainer(wrongOutput, new Sgd(0.1)).batchSize(8).epochs(1).build().fit(train));
    assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Trainer.builder().model(Problems.smallNetwork(1)).optimizer(new Sgd(0.1)).epochs(1)
            .build());
    assertTrue(e.getMessage().contains("loss"), e.getMessage());
    e = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1), new Sgd(0.1)).epochs(1).build());
    assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    e = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1), new Sgd(0.1)).batchSize(4).build());
    assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder().batchSize(0));
    assertNotEquals(0, Trainer.DEFAULT_EVALUATION_CHUNK);
  }

  @Test
  void aThreadCountNoPoolCanHoldIsRefusedWhenTheTrainerIsBuilt() {
    assertEquals("Trainer: threads must be in [1, 32768], got 32769",
        assertThrows(IllegalArgumentException.class,
            () -> Trainer.builder().threads(Parallel.MAX_THREADS + 1)).getMessage());
    assertEquals("Trainer: threads must be in [1, 32768], got 0",
        assertThrows(IllegalArgumentException.class,
            () -> Trainer.builder().threads(0)).getMessage());
  }
}
