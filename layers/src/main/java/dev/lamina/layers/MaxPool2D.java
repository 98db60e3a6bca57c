package dev.lamina.layers;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.Parallel;

/**
 * The largest value of every window, per channel; padding never wins. The gradient goes to the
 * input pixel that won (the first one on ties). Planes ({@code N·C}) run in parallel.
 */
public final class MaxPool2D extends Pooling2D {
  /** A {@code kernel × kernel} window with stride {@code kernel} and no padding. */
  public MaxPool2D(int kernel) {
    this(kernel, kernel, kernel, 0);
  }

  /** A {@code kernel × kernel} window with the given stride and padding. */
  public MaxPool2D(int kernel, int stride, int padding) {
    this(kernel, kernel, stride, padding);
  }

  /** A {@code kernelH × kernelW} window with the given stride and padding. */
  public MaxPool2D(int kernelH, int kernelW, int stride, int padding) {
    super("MaxPool2D", kernelH, kernelW, stride, padding);
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Shape out = checkInput(x);
    ConvGeometry g = geometry();
    int n = x.dim(0);
    int h = x.dim(2);
    int w = x.dim(3);
    int oh = out.dim(1);
    int ow = out.dim(2);
    int planes = n * out.dim(0);
    Tensor y = Tensor.zeros(out.prepend(n));
    // Inference needs no winners; the 2x2 fast path then skips them.
    int[] winners = training || !halving(g) ? new int[y.size()] : null;
    float[] in = x.data();
    float[] yd = y.data();
    boolean halving = halving(g);
    Parallel.forRange(planes, 1, (from, to) -> {
      for (int p = from; p < to; p++) {
        int inBase = x.offset() + p * h * w;
        if (halving && winners == null) {
          halveValues(in, inBase, w, yd, p * oh * ow, oh, ow);
          continue;
        }
        if (halving) {
          halve(in, inBase, w, yd, winners, p * oh * ow, oh, ow);
          continue;
        }
        int outBase = p * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int best = -1;
            float bestValue = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < g.kernelH(); ky++) {
              int iy = oy * g.strideH() - g.padH() + ky;
              for (int kx = 0; iy >= 0 && iy < h && kx < g.kernelW(); kx++) {
                int ix = ox * g.strideW() - g.padW() + kx;
                if (ix >= 0 && ix < w && (best < 0 || in[inBase + iy * w + ix] > bestValue)) {
                  best = iy * w + ix;
                  bestValue = in[inBase + best];
                }
              }
            }
            yd[outBase + oy * ow + ox] = bestValue;
            winners[outBase + oy * ow + ox] = best;
          }
        }
      }
    });
    return Forward.of(y, grad -> {
      LayerChecks.sameShape(this, y, grad);
      if (winners == null) {
        // An inference pass kept no winners; find them again when someone wants its gradient anyway.
        return forward(x, true).backward(grad);
      }
      Tensor dx = Tensor.zeros(x.shape());
      float[] gd = grad.data();
      float[] dd = dx.data();
      int planeOut = oh * ow;
      Parallel.forRange(planes, 1, (from, to) -> {
        for (int p = from; p < to; p++) {
          for (int j = 0; j < planeOut; j++) {
            dd[p * h * w + winners[p * planeOut + j]] += gd[grad.offset() + p * planeOut + j];
          }
        }
      });
      return dx;
    });
  }

  private static boolean halving(ConvGeometry g) {
    return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
        && g.padH() == 0 && g.padW() == 0;
  }

  /** {@link #halve} without recording the winners (inference): the same comparisons, so the same values. */
  private static void halveValues(float[] in, int inBase, int w, float[] out, int outBase, int oh,
      int ow) {
    for (int oy = 0; oy < oh; oy++) {
      int top = inBase + 2 * oy * w;
      int bottom = top + w;
      int to = outBase + oy * ow;
      for (int ox = 0; ox < ow; ox++) {
        int x = 2 * ox;
        float best = in[top + x];
        float v = in[top + x + 1];
        if (v > best) {
          best = v;
        }
        v = in[bottom + x];
        if (v > best) {
          best = v;
        }
        v = in[bottom + x + 1];
        if (v > best) {
          best = v;
        }
        out[to + ox] = best;
      }
    }
  }

  /**
   * The 2x2, stride 2 window of one plane: the same winners (first on ties, row-major) as the
   * general loop, without its bounds checks.
   */
  private static void halve(float[] in, int inBase, int w, float[] out, int[] winners, int outBase,
      int oh, int ow) {
    for (int oy = 0; oy < oh; oy++) {
      int top = 2 * oy * w;
      for (int ox = 0; ox < ow; ox++) {
        int best = top + 2 * ox;
        float bestValue = in[inBase + best];
        int first = best;
        if (in[inBase + first + 1] > bestValue) {
          best = first + 1;
          bestValue = in[inBase + best];
        }
        if (in[inBase + first + w] > bestValue) {
          best = first + w;
          bestValue = in[inBase + best];
        }
        if (in[inBase + first + w + 1] > bestValue) {
          best = first + w + 1;
          bestValue = in[inBase + best];
        }
        out[outBase + oy * ow + ox] = bestValue;
        winners[outBase + oy * ow + ox] = best;
      }
    }
  }
}
