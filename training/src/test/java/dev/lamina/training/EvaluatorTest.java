package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private final Dataset train = Problems.separable(300, 1);
  private final Dataset test = Problems.separable(101, 2);

  /** An evaluation pass (no way back, activations in place) gives a full inference pass's bits. */
  @Test
  void anEvaluationPassGivesTheLossAndPredictionsOfAnInferencePass() {
    Sequential model = Problems.smallNetwork(3);
    int[] labels = test.labels();
    Tensor features = test.features().copy();
    for (var loss : java.util.List.of(Losses.crossEntropy(), Losses.meanSquaredError())) {
      ModelPass full = ModelPass.run(model, loss, test.features(), false);
      ModelPass evaluation = ModelPass.evaluate(model, loss, test.features());

      assertEquals(Float.floatToIntBits(full.loss(loss, labels)),
          Float.floatToIntBits(evaluation.loss(loss, labels)));
      assertArrayEquals(full.predictions(), evaluation.predictions());
      assertArrayEquals(full.output().data(), evaluation.output().data());
      assertThrows(IllegalStateException.class, () -> evaluation.backward(loss, labels));
    }
    assertEquals(features, test.features(), "the features are not modified");
  }

  @Test
  void givesWhatTheTrainerGivesForAnyChunkWithoutAnOptimizer() {
    Sequential model = Problems.smallNetwork(3);
    Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(new Sgd(0.1)).batchSize(16).epochs(2).seed(4).build();
    trainer.fit(train);
    float[] before = Problems.weights(model);

    Evaluation viaTrainer = trainer.evaluate(test);
    Evaluation whole = Evaluator.evaluate(model, Losses.crossEntropy(), test);
    Evaluation chunked = Evaluator.evaluate(model, Losses.crossEntropy(), test, 7);

    assertArrayEquals(viaTrainer.confusionMatrix(), whole.confusionMatrix());
    assertEquals(viaTrainer.loss(), whole.loss());
    assertArrayEquals(whole.confusionMatrix(), chunked.confusionMatrix());
    assertEquals(whole.loss(), chunked.loss(), 1e-6);
    assertEquals(101, whole.samples());
    assertArrayEquals(before, Problems.weights(model), "the model is not modified");
  }

  /**
   * A dataset of no samples (only a custom one can be) once evaluated to a NaN loss and accuracy,
   * and divided by zero when the trainer batched it.
   */
  @Test
  void anEmptyDatasetIsRejected() {
    Sequential model = Problems.smallNetwork(3);
    Dataset empty = mock(Dataset.class);
    when(empty.sampleShape()).thenReturn(Shape.of(2));
    when(empty.classes()).thenReturn(2);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(model, Losses.crossEntropy(), empty));
    assertEquals("the dataset has no samples to evaluate", e.getMessage());
    Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(new Sgd(0.1)).batchSize(2).epochs(1).build();
    IllegalArgumentException fit =
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty));
    assertEquals("Trainer: the training set has no samples", fit.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trainer.evaluate(empty));
  }

  @Test
  void aDatasetOfOtherSamplesIsRejectedNamingBothShapes() {
    Sequential model = Problems.smallNetwork(3);
    Dataset other = new ArrayDataset(Tensor.zeros(Shape.of(4, 3)), new int[4], 2);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(model, Losses.crossEntropy(), other));
    assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
  }

  /**
   * A custom {@link Dataset} whose labels disagree with its size once trained silently (too many
   * labels) or failed deep in the batching (too few); a bad label surfaced after some updates.
   */
  @Test
  void aCustomDatasetThatDisagreesWithItselfIsRejectedBeforeAnyUpdate() {
    Sequential model = Problems.smallNetwork(3);
    float[] before = Problems.weights(model);
    Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(new Sgd(0.1)).batchSize(2).epochs(1).build();
    Dataset four = new ArrayDataset(Tensor.zeros(Shape.of(4, 2)), new int[4], 2);

    assertEquals("Trainer: the training set has 4 samples but 5 labels",
        assertThrows(IllegalArgumentException.class,
            () -> trainer.fit(withLabels(four, 0, 1, 0, 1, 1))).getMessage());
    assertEquals("Trainer: the training set has 4 samples but 3 labels",
        assertThrows(IllegalArgumentException.class,
            () -> trainer.fit(withLabels(four, 0, 1, 0))).getMessage());
    assertEquals("Trainer: label 7 of sample 3 of the training set is outside [0, 2)",
        assertThrows(IllegalArgumentException.class,
            () -> trainer.fit(withLabels(four, 0, 1, 0, 7))).getMessage());
    assertEquals("label -1 of sample 0 of the dataset is outside [0, 2)",
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(model,
            Losses.crossEntropy(), withLabels(four, -1, 1, 0, 1))).getMessage());
    Dataset fewerRows = mock(Dataset.class);
    when(fewerRows.size()).thenReturn(4);
    when(fewerRows.sampleShape()).thenReturn(Shape.of(2));
    when(fewerRows.classes()).thenReturn(2);
    when(fewerRows.features()).thenReturn(Tensor.zeros(Shape.of(3, 2)));
    assertEquals("Trainer: the training set's features are [3, 2], but its size and sample"
        + " shape make [4, 2]",
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(fewerRows)).getMessage());
    assertArrayEquals(before, Problems.weights(model), "no step was taken");
  }

  /** {@code data} as a custom dataset whose {@code labels()} returns {@code labels}. */
  private static Dataset withLabels(Dataset data, int... labels) {
    Dataset custom = mock(Dataset.class);
    when(custom.size()).thenReturn(data.size());
    when(custom.sampleShape()).thenReturn(data.sampleShape());
    when(custom.classes()).thenReturn(data.classes());
    when(custom.features()).thenReturn(data.features());
    when(custom.labels()).thenReturn(labels);
    return custom;
  }
}
