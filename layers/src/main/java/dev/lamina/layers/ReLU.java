package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Elementwise;
import dev.lamina.tensor.compute.Parallel;

/** {@code max(0, x)} element-wise, any shape; large tensors are split over the threads. */
public final class ReLU implements Layer {
  /** Elements per parallel chunk at least; smaller tensors stay on the calling thread. */
  private static final int GRAIN = 1 << 15;

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
    Parallel.forRange(out.length, GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = Math.max(in[off + i], 0f);
      }
    });
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      Tensor dx = Tensor.zeros(x.shape());
      float[] gd = g.data();
      float[] dd = dx.data();
      int gOff = g.offset();
      // the backend's kernel: as a plain loop the choice per element is a mispredicted branch
      Elementwise kernels = ComputeBackends.current().elementwise();
      Parallel.forRange(dd.length, GRAIN,
          (from, to) -> kernels.reluGradient(out, from, gd, gOff + from, dd, from, to - from));
      return dx;
    });
  }


  @Override
  public String toString() {
    return "ReLU";
  }
}
