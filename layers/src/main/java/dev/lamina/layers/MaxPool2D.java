package dev.lamina.layers;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.MaxPooling;
import dev.lamina.tensor.compute.Parallel;

/**
 * The largest value of every window, per channel; padding never wins. The gradient goes to the
 * input pixel that won (the first one on ties). A window holding a NaN gives NaN, and its gradient
 * goes to its last NaN in row-major order, as in PyTorch ({@link MaxPooling#beats}). Planes
 * ({@code N·C}) run in parallel.
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
    // Inference needs no winners; the 2x2 kernels (ComputeBackend.maxPooling) then skip them.
    boolean halving = halving(g);
    int[] winners = training || !halving ? new int[y.size()] : null;
    float[] in = x.data();
    float[] yd = y.data();
    MaxPooling kernels = ComputeBackends.current().maxPooling();
    Parallel.forRange(planes, 1, (from, to) -> {
      for (int p = from; p < to; p++) {
        int inBase = x.offset() + p * h * w;
        if (halving && winners == null) {
          kernels.halve(in, inBase, w, oh, ow, yd, p * oh * ow);
          continue;
        }
        if (halving) {
          kernels.halve(in, inBase, w, oh, ow, yd, p * oh * ow, winners, p * oh * ow);
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
                if (ix >= 0 && ix < w
                    && (best < 0 || MaxPooling.beats(in[inBase + iy * w + ix], bestValue))) {
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
        // An inference pass kept no winners; find them again when someone wants its gradient
        // anyway.
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
}
