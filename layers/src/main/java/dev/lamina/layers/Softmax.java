package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.Parallel;

/**
 * Softmax over the last axis: every row {@code x} of {@code [N, ..., K]} becomes
 * {@code e^(x - max x) / Σ e^(x - max x)}, so logits of any size stay finite.
 *
 * <p>Its backward is the full softmax Jacobian, {@code dx = y ⊙ (g - Σ g ⊙ y)} per row,
 * correct on its own. A trainer that fuses softmax with cross-entropy recognises this class
 * ({@code instanceof Softmax}), runs the model without it
 * ({@link Sequential#forward(Tensor, boolean, int)}) and feeds {@code p - y} straight into the
 * layer before.
 */
public final class Softmax implements Layer, FreshOutput {
  private static final int GRAIN = 64;

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() == 0) {
      throw new IllegalArgumentException("expects [batch, ..., classes], got [batch]");
    }
    return input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    if (x.rank() < 2) { // a rank-1 batch would be normalised across its samples
      throw new IllegalArgumentException(
          "Softmax: expects [batch, ..., classes], got " + x.shape());
    }
    Tensor y = softmax(x);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return backward(y, g);
    });
  }

  /** The softmax over the last axis of {@code x}, as a new tensor; {@code x} is not modified. */
  public static Tensor softmax(Tensor x) {
    int k = x.dim(-1);
    int rows = x.size() / k;
    Tensor y = Tensor.zeros(x.shape());
    float[] in = x.data();
    float[] out = y.data();
    int inOff = x.offset();
    Parallel.forRange(rows, GRAIN, (from, to) -> {
      for (int r = from; r < to; r++) {
        int a = inOff + r * k;
        int b = r * k;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          max = Math.max(max, in[a + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
          float e = (float) Math.exp(in[a + j] - max);
          out[b + j] = e;
          sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < k; j++) {
          out[b + j] *= inv;
        }
      }
    });
    return y;
  }

  private static Tensor backward(Tensor y, Tensor g) {
    int k = y.dim(-1);
    int rows = y.size() / k;
    Tensor dx = Tensor.zeros(y.shape());
    float[] yd = y.data();
    float[] gd = g.data();
    float[] out = dx.data();
    int gOff = g.offset();
    Parallel.forRange(rows, GRAIN, (from, to) -> {
      for (int r = from; r < to; r++) {
        int b = r * k;
        double dot = 0;
        for (int j = 0; j < k; j++) {
          dot += (double) gd[gOff + b + j] * yd[b + j];
        }
        for (int j = 0; j < k; j++) {
          out[b + j] = (float) (yd[b + j] * (gd[gOff + b + j] - dot));
        }
      }
    });
    return dx;
  }

  @Override
  public String toString() {
    return "Softmax";
  }
}
