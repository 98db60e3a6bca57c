package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Forward;
import dev.lamina.layers.LayerContract;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.Trainer;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Adam;
import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwishTest {
  @ParameterizedTest
  @ValueSource(floats = {1f, 0.5f, -2f})
  void passesTheLayerContract(float beta) {
    LayerContract.Report report = LayerContract.check(new Swish(beta), Shape.of(3, 8));

    assertTrue(report.passed(), report::toString);
    assertEquals(1, report.parameterCount());
  }

  @Test
  void passesTheContractOnImages() {
    assertTrue(LayerContract.check(new Swish(), Shape.of(2, 3, 4)).passed());
  }

  @Test
  void computesXTimesSigmoidOfBetaX() {
    Sequential model = Sequential.of(Shape.of(3), new Swish(2f));

    Tensor y = model.predict(Tensor.of(Shape.of(1, 3), -1f, 0f, 1.5f));

    assertEquals(-1 / (1 + Math.exp(2)), y.get(0, 0), 1e-6);
    assertEquals(0, y.get(0, 1), 0);
    assertEquals(1.5 / (1 + Math.exp(-3)), y.get(0, 2), 1e-6);
  }

  @Test
  void rejectsANonFiniteBeta() {
    assertThrows(IllegalArgumentException.class, () -> new Swish(Float.NaN));
  }

  @Test
  void aGradientOfTheWrongShapeFailsNamingSwish() {
    Swish swish = new Swish(1f);
    Sequential.of(Shape.of(3), swish);
    Forward pass = swish.forward(Tensor.zeros(2, 3), true);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pass.backward(Tensor.zeros(2, 4)));

    assertEquals("Swish backward: gradient [2, 4] does not match the output [2, 3]",
        e.getMessage());
  }

  @Test
  void learnsTwoInterleavedClassesInAStackThroughTheTrainer() {
    Dataset rings = rings(400, 7);
    Swish swish = new Swish();
    Sequential model = Sequential.builder(Shape.of(2))
        .add(new Dense(16)).add(swish).add(new Dense(16)).add(new Swish()).add(new Dense(2))
        .add(new Softmax()).seed(3).build();
    Trainer trainer = Trainer.builder().model(model).loss(Losses.crossEntropy())
        .optimizer(new Adam(0.03)).batchSize(32).epochs(60).seed(5).build();

    double before = trainer.evaluate(rings).accuracy();
    trainer.fit(rings);
    double after = trainer.evaluate(rings(200, 11)).accuracy();

    assertTrue(before < 0.7, "untrained accuracy " + before);
    assertTrue(after > 0.95, "trained accuracy on fresh points " + after);
    assertNotEquals(1f, swish.parameters().get(0).value().getFlat(0), "beta was learned");
    assertEquals("swish_1", model.layerName(1));
  }

  @Test
  void roundTripsThroughAModelFileWithItsLearnedBeta(@TempDir Path tmp) throws IOException {
    Sequential model =
        Sequential.of(Shape.of(2), new Dense(4), new Swish(0.5f), new Dense(2), new Softmax());
    model.layers().get(1).parameters().get(0).value().setFlat(0, 1.75f);
    Path file = tmp.resolve("swish.lmf");

    ModelFiles.save(model, file, ExampleLayers.registry());
    Sequential loaded = ModelFiles.load(file, ExampleLayers.registry());

    Swish swish = (Swish) loaded.layers().get(1);
    assertEquals(0.5f, swish.initialBeta());
    assertEquals(1.75f, swish.parameters().get(0).value().getFlat(0));
    Tensor x = Tensor.of(Shape.of(2, 2), 0.3f, -1f, 2f, 0.5f);
    assertEquals(model.predict(x), loaded.predict(x));
  }

  @Test
  void withoutItsRegistrationAModelFileCannotBeWritten(@TempDir Path tmp) {
    Sequential model = Sequential.of(Shape.of(2), new Swish());

    assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.save(model, tmp.resolve("m.lmf")));
  }

  /** Points inside radius 1 (class 0) or in the ring between 1.4 and 2 (class 1). */
  private static Dataset rings(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] xy = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      double r = labels[i] == 0 ? random.nextDouble(0, 1) : random.nextDouble(1.4, 2);
      double angle = random.nextDouble(0, 2 * Math.PI);
      xy[2 * i] = (float) (r * Math.cos(angle));
      xy[2 * i + 1] = (float) (r * Math.sin(angle));
    }
    return new ArrayDataset(Tensor.of(Shape.of(n, 2), xy), labels, 2);
  }
}
