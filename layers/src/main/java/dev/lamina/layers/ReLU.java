package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Elementwise;
import dev.lamina.tensor.compute.Parallel;

/**
 * {@code max(0, x)} element-wise, any shape; large tensors are split over the threads. In
 * {@link Sequential#predict} it works in place of its input when it can ({@link InPlaceInference}).
 * NaN stays NaN; its gradient passes where the output is positive only, so a NaN input gets 0
 * (PyTorch passes the gradient through at a NaN). A NaN in training is reported by the trainer's
 * divergence guard long before this matters.
 */
public final class ReLU implements Layer, InPlaceInference, FreshOutput {
  /** Elements per parallel chunk at least; smaller tensors stay on the calling thread. */
  private static final int GRAIN = 1 << 15;

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Tensor y = Tensor.zeros(x.shape());
    float[] out = y.data();
    apply(x.data(), x.offset(), out, 0, out.length);
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
  public void inferInPlace(Tensor x) {
    apply(x.data(), x.offset(), x.data(), x.offset(), x.size());
  }

  /** {@code out[outOff + i] = max(in[inOff + i], 0)} for {@code i < n}, over the threads. */
  private static void apply(float[] in, int inOff, float[] out, int outOff, int n) {
    Parallel.forRange(n, GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[outOff + i] = Math.max(in[inOff + i], 0f);
      }
    });
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
