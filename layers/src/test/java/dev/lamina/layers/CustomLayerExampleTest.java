package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The custom layer of the README's "Writing your own layer", kept compiling and passing here. */
class CustomLayerExampleTest {
  /** y = a · x with one learned scalar a. */
  public static final class Scale implements Layer {
    private Parameter a;

    @Override
    public Shape outputShape(Shape input) {
      return input;                                       // per sample, no batch dimension
    }

    @Override
    public void build(Shape input, RandomGenerator random) {
      a = new Parameter("a", Tensor.filled(Shape.of(1), 1f));
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Parameter p = a;                                    // keep state in the pass, not the layer
      if (p == null) {
        throw new IllegalStateException("Scale: add it to a Sequential, which builds it, first");
      }
      float av = p.value().getFlat(0);
      return Forward.of(x.scale(av), g -> {
        p.gradient().setFlat(0, p.gradient().getFlat(0) + g.multiply(x).sum());  // dL/da
        return g.scale(av);                               // dL/dx
      });
    }

    @Override
    public List<Parameter> parameters() {
      return a == null ? List.of() : List.of(a);
    }
  }

  @Test
  void theReadmeLayerPassesTheContract() {
    LayerContract.Report report = LayerContract.check(new Scale(), Shape.of(3, 8));

    assertTrue(report.passed(), report::toString);
    assertEquals(1, report.parameterCount());
  }

  @Test
  void theReadmeLayerWorksInAModelWithAnAutomaticName() {
    Sequential model = Sequential.of(Shape.of(4), new Dense(3), new Scale(), new Softmax());

    assertEquals("scale_1", model.layerName(1));
    assertEquals(4 * 3 + 3 + 1, model.parameterCount());
  }
}
