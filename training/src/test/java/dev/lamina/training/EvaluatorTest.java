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
}
