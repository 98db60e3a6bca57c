package dev.lamina.layers;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.Parallel;

/**
 * The mean of every window, per channel. Padding counts as zeros and the divisor is always
 * {@code KH·KW} (PyTorch's {@code count_include_pad=True}). Planes ({@code N·C}) run in parallel.
 */
public final class AvgPool2D extends Pooling2D {
  /** A {@code kernel × kernel} window with stride {@code kernel} and no padding. */
  public AvgPool2D(int kernel) {
    this(kernel, kernel, kernel, 0);
  }

  /** A {@code kernel × kernel} window with the given stride and padding. */
  public AvgPool2D(int kernel, int stride, int padding) {
    this(kernel, kernel, stride, padding);
  }

  /** A {@code kernelH × kernelW} window with the given stride and padding. */
  public AvgPool2D(int kernelH, int kernelW, int stride, int padding) {
    super("AvgPool2D", kernelH, kernelW, stride, padding);
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Shape out = checkInput(x);
    int n = x.dim(0);
    Tensor y = Tensor.zeros(out.prepend(n));
    Window win = new Window(geometry(), x.dim(2), x.dim(3), out.dim(1), out.dim(2));
    float[] in = x.data();
    float[] yd = y.data();
    Parallel.forRange(n * out.dim(0), 1, (from, to) -> {
      for (int p = from; p < to; p++) {
        win.average(in, x.offset() + p * win.inPlane(), yd, p * win.outPlane());
      }
    });
    return Forward.of(y, grad -> {
      LayerChecks.sameShape(this, y, grad);
      Tensor dx = Tensor.zeros(x.shape());
      Parallel.forRange(n * out.dim(0), 1, (from, to) -> {
        for (int p = from; p < to; p++) {
          win.spread(grad.data(), grad.offset() + p * win.outPlane(), dx.data(), p * win.inPlane());
        }
      });
      return dx;
    });
  }

  /** The windows over one {@code h × w} plane. */
  private static final class Window {
    private final ConvGeometry g;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final float scale;

    Window(ConvGeometry g, int h, int w, int oh, int ow) {
      this.g = g;
      this.h = h;
      this.w = w;
      this.oh = oh;
      this.ow = ow;
      // the area as a float: an int product wraps for kernels above 46340x46340 (65536 x 65536
      // gave 0 and infinite averages); below 2^24 the two are the same number
      this.scale = 1f / ((float) g.kernelH() * g.kernelW());
    }

    int inPlane() {
      return h * w;
    }

    int outPlane() {
      return oh * ow;
    }

    void average(float[] in, int inBase, float[] out, int outBase) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float sum = 0;
          for (int ky = 0; ky < g.kernelH(); ky++) {
            int iy = oy * g.strideH() - g.padH() + ky;
            for (int kx = 0; iy >= 0 && iy < h && kx < g.kernelW(); kx++) {
              int ix = ox * g.strideW() - g.padW() + kx;
              if (ix >= 0 && ix < w) {
                sum += in[inBase + iy * w + ix];
              }
            }
          }
          out[outBase + oy * ow + ox] = sum * scale;
        }
      }
    }

    void spread(float[] grad, int gradBase, float[] dx, int dxBase) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float share = grad[gradBase + oy * ow + ox] * scale;
          for (int ky = 0; ky < g.kernelH(); ky++) {
            int iy = oy * g.strideH() - g.padH() + ky;
            for (int kx = 0; iy >= 0 && iy < h && kx < g.kernelW(); kx++) {
              int ix = ox * g.strideW() - g.padW() + kx;
              if (ix >= 0 && ix < w) {
                dx[dxBase + iy * w + ix] += share;
              }
            }
          }
        }
      }
    }
  }
}
