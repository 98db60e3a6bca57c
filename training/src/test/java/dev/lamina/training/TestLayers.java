package dev.lamina.training;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Initializers;
import dev.lamina.tensor.MatMul;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Minimal layers written against the Layer contract, standing in for the layers module's Dense,
 * ReLU and Softmax until those land.
 */
final class TestLayers {
  private TestLayers() {}

  /** {@code y = x W + b}, {@code [N, in] -> [N, units]}. */
  static final class Linear implements Layer {
    private final int units;
    private Parameter kernel;
    private Parameter bias;

    Linear(int units) {
      this.units = units;
    }

    @Override
    public Shape outputShape(Shape input) {
      if (input.rank() != 1) {
        throw new IllegalArgumentException("Linear expects [features], got " + input);
      }
      return Shape.of(units);
    }

    @Override
    public void build(Shape input, RandomGenerator random) {
      kernel = Parameter.zeros("kernel", Shape.of(input.dim(0), units));
      bias = Parameter.zeros("bias", Shape.of(units));
      Initializers.xavier().fill(kernel.value(), input.dim(0), units, random);
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Tensor y = MatMul.multiply(x, false, kernel.value(), false).addBroadcastInPlace(bias.value(), 1);
      return Forward.of(y, g -> {
        MatMul.into(x, true, g, false, kernel.gradient(), true);
        bias.gradient().addInPlace(g.sumExcept(1));
        return MatMul.multiply(g, false, kernel.value(), true);
      });
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(kernel, bias);
    }

    @Override
    public String typeName() {
      return "Dense";
    }
  }

  /** {@code max(0, x)}. */
  static final class Relu implements Layer {
    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      return Forward.of(x.map(v -> Math.max(0f, v)), g -> g.zip(x, (gv, xv) -> xv > 0 ? gv : 0f));
    }

    @Override
    public String typeName() {
      return "ReLU";
    }
  }

  /** Softmax over the last axis of {@code [N, C]}, stable for large logits. */
  static final class Softmax implements Layer {
    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      int n = x.dim(0);
      int c = x.dim(1);
      Tensor y = Tensor.zeros(x.shape());
      for (int i = 0; i < n; i++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          max = Math.max(max, x.get(i, j));
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
          sum += Math.exp(x.get(i, j) - max);
        }
        for (int j = 0; j < c; j++) {
          y.set((float) (Math.exp(x.get(i, j) - max) / sum), i, j);
        }
      }
      return Forward.of(y, g -> {
        Tensor dx = Tensor.zeros(x.shape());
        for (int i = 0; i < n; i++) {
          double dot = 0;
          for (int j = 0; j < c; j++) {
            dot += g.get(i, j) * y.get(i, j);
          }
          for (int j = 0; j < c; j++) {
            dx.set((float) (y.get(i, j) * (g.get(i, j) - dot)), i, j);
          }
        }
        return dx;
      });
    }

    @Override
    public String typeName() {
      return "Softmax";
    }
  }
}
