package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DenseTest {
  private static Dense twoByThree() {
    Dense dense = new Dense(3);
    dense.build(Shape.of(2), new SplittableRandom(1));
    dense.kernel().value().copyFrom(Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
    dense.bias().value().copyFrom(Tensor.of(Shape.of(3), 0.5f, -1, 0));
    return dense;
  }

  @Test
  void forwardIsXTimesWPlusB() {
    Tensor y = twoByThree().forward(Tensor.of(Shape.of(2, 2), 1, 0, 1, 1), false).output();

    assertArrayEquals(new float[] {1.5f, 1, 3, 5.5f, 6, 9}, y.toArray());
  }

  @Test
  void backwardAccumulatesDwAndDbAndReturnsDx() {
    Dense dense = twoByThree();
    Tensor x = Tensor.of(Shape.of(2, 2), 1, 0, 1, 1);
    Tensor g = Tensor.of(Shape.of(2, 3), 1, 0, 0, 0, 1, 1);

    Tensor dx = dense.forward(x, true).backward(g);
    dense.forward(x, true).backward(g);

    assertArrayEquals(new float[] {1, 4, 5, 11}, dx.toArray());
    assertArrayEquals(new float[] {2 * 1, 2 * 1, 2 * 1, 0, 2, 2},
        dense.kernel().gradient().toArray());
    assertArrayEquals(new float[] {2, 2, 2}, dense.bias().gradient().toArray());
  }

  @Test
  void defaultInitIsHeWithZeroBiasAndNotebookIsNormalPointOne() {
    Dense he = new Dense(200);
    he.build(Shape.of(800), new SplittableRandom(3));
    Dense notebook = Dense.builder().units(200).weightInit(WeightInit.NOTEBOOK_NORMAL).build();
    notebook.build(Shape.of(800), new SplittableRandom(3));

    assertEquals(Math.sqrt(2.0 / 800), std(he.kernel().value()), 0.002);
    assertEquals(0.1, std(notebook.kernel().value()), 0.002);
    assertEquals(0f, he.bias().value().max());
    assertEquals(0f, he.bias().value().sum());
    assertEquals(WeightInit.HE, he.weightInit());
    assertEquals(WeightInit.ZEROS, he.biasInit());
    assertEquals(800, he.inputs());
    assertEquals(200, he.units());
  }

  private static double std(Tensor t) {
    double s = 0;
    for (int i = 0; i < t.size(); i++) {
      s += (double) t.getFlat(i) * t.getFlat(i);
    }
    return Math.sqrt(s / t.size());
  }

  @Test
  void forwardBeforeBuildNamesTheLayer() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Dense(4).forward(Tensor.zeros(1, 3), false));

    assertTrue(e.getMessage().startsWith("Dense(units=4) is not built"), e.getMessage());
  }

  @Test
  void parametersAreEmptyUntilBuilt() {
    Dense dense = new Dense(4);

    assertEquals(0, dense.parameters().size());
    dense.build(Shape.of(3), new SplittableRandom(1));
    assertEquals(2, dense.parameters().size());
    assertEquals("kernel", dense.parameters().get(0).name());
    assertEquals(Shape.of(3, 4), dense.parameters().get(0).shape());
  }

  /** The seed network's Dense (2,704 inputs) in batches of every size: the bits of a sample. */
  @ParameterizedTest
  @ValueSource(ints = {1024, 2704})
  void aSamplesOutputDoesNotDependOnItsBatch(int inputs) {
    Dense dense = new Dense(64);
    dense.build(Shape.of(inputs), new SplittableRandom(3));
    SplittableRandom random = new SplittableRandom(4);
    Tensor batch = Tensor.zeros(Shape.of(1000, inputs));
    for (int i = 0; i < batch.size(); i++) {
      batch.setFlat(i, (float) random.nextDouble());
    }
    Tensor all = dense.forward(batch, false).output();

    for (int size : new int[] {1, 7, 64, 255, 257}) {
      Tensor part = dense.forward(batch.slice(0, size), false).output();
      assertArrayEquals(all.slice(0, size).toArray(), part.toArray(), "a batch of " + size);
    }
  }
}
