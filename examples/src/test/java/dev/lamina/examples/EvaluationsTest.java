package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.Evaluation;
import dev.lamina.training.Evaluator;
import dev.lamina.training.loss.Losses;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationsTest {
  private static final long MB = 1 << 20;

  private static Dataset images(int n) {
    Random random = new Random(7);
    float[] pixels = new float[n * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    return new ArrayDataset(Tensor.of(Shape.of(n, 1, 28, 28), pixels), labels, 10);
  }

  private static Sequential seedModel() {
    return Sequential.of(Shape.of(1, 28, 28), new Conv2D(4, 3), new Flatten(), new Dense(64),
        new Dense(10), new Softmax());
  }

  /** 4 x 2026 x 2026 floats (65.7 MB) out of its convolution for each sample. */
  private static Sequential wideModel() {
    return Sequential.of(Shape.of(1, 28, 28), Conv2D.builder(4).kernel(3).padding(1000).build(),
        new MaxPool2D(2026), new Flatten(), new Dense(10), new Softmax());
  }

  @Test
  void theDefaultChunkWhereItFits() {
    assertEquals(Evaluator.DEFAULT_CHUNK, Evaluations.chunk(seedModel(), images(10), 584 * MB));
  }

  @Test
  void fewerSamplesAtATimeWhenTheirActivationsWouldNotFit() {
    Sequential wide = wideModel();
    Dataset data = images(10);

    // a quarter of the heap over one sample's 784 + 16,418,704 floats (65.7 million bytes)
    assertEquals(2, Evaluations.chunk(wide, data, 584 * MB));
    assertEquals(14, Evaluations.chunk(wide, data, 3641 * MB));
    assertEquals(1, Evaluations.chunk(wide, data, 100 * MB));
    assertEquals(1, Evaluations.chunk(wide, data, 0));
  }

  @Test
  void aSmallerChunkChangesNoPrediction() {
    Sequential model = seedModel();
    Dataset data = images(50);

    Evaluation whole = Evaluator.evaluate(model, Losses.crossEntropy(), data);
    Evaluation one = Evaluations.of(model, data, 1);

    assertArrayEquals(whole.confusionMatrix(), one.confusionMatrix());
    assertEquals(whole.accuracy(), one.accuracy());
    assertEquals(whole.loss(), one.loss(), 1e-6);
  }
}
