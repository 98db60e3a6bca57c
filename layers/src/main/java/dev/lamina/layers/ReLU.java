package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/** {@code max(0, x)} element-wise, any shape. */
public final class ReLU implements Layer {
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = Tensor.zeros(x.shape());
    float[] in = x.data();
    float[] out = y.data();
    int off = x.offset();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(in[off + i], 0f);
    }
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      Tensor dx = Tensor.zeros(x.shape());
      float[] gd = g.data();
      float[] dd = dx.data();
      int gOff = g.offset();
      for (int i = 0; i < dd.length; i++) {
        dd[i] = out[i] > 0f ? gd[gOff + i] : 0f;
      }
      return dx;
    });
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
