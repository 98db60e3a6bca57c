package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.WeightInit;
import dev.lamina.tensor.Shape;
import org.junit.jupiter.api.Test;

class ModelsTest {
  @Test
  void theSeedNetworkIsTheNotebooks() {
    Sequential model = Models.seed(42);

    assertEquals(173_810, model.parameterCount());
    assertEquals(Shape.of(10), model.outputShape());
    assertEquals(WeightInit.NOTEBOOK_NORMAL, ((Conv2D) model.layers().get(0)).weightInit());
    assertEquals(WeightInit.NOTEBOOK_NORMAL, ((Dense) model.layers().get(2)).weightInit());
    assertEquals(0f, ((Dense) model.layers().get(2)).bias().value().sum());
  }

  @Test
  void onlyLenetsRecipeDecaysTheLearningRate() {
    assertEquals(1.0, Models.learningRateDecay("seed"));
    assertEquals(0.7, Models.learningRateDecay("LeNet"));
  }

  @Test
  void lenetHasItsParameterCount() {
    assertEquals(431_080, Models.lenet(1).parameterCount());
    assertEquals(11, Models.byName("LENET", 1).layers().size());
  }

  @Test
  void theSeedDecidesTheWeights() {
    assertEquals(Models.seed(7).parameters().get(0).value(),
        Models.seed(7).parameters().get(0).value());
  }

  @Test
  void anUnknownNameIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Models.byName("vgg", 1));
  }
}
