package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;

/**
 * Unfolds image patches into columns so that a convolution becomes one matrix product, and folds
 * them back for the gradient.
 *
 * <p>For one image {@code [C, H, W]} and a geometry with output {@code OH × OW}, the column matrix
 * is {@code [C·KH·KW, OH·OW]}: row {@code (c·KH + kh)·KW + kw}, column {@code oh·OW + ow}
 * holds the input pixel under that kernel position, or 0 in the padding. Then
 * {@code W[F, C·KH·KW] · cols} is the convolution's {@code [F, OH·OW]} output.
 */
public final class Im2col {
  private Im2col() {}

  /**
   * Writes the column matrix of the image at {@code in[inOff ..]} ({@code channels × h × w}) to
   * {@code cols[colsOff ..]}, overwriting it. Only {@code cols} is modified.
   */
  public static void im2col(float[] in, int inOff, int channels, int h, int w, ConvGeometry g,
      float[] cols, int colsOff) {
    im2col(in, inOff, channels, h, w, g, cols, colsOff, g.outputHeight(h) * g.outputWidth(w));
  }

  /**
   * {@link #im2col(float[], int, int, int, int, ConvGeometry, float[], int)} into a wider matrix:
   * row {@code r} of the image's columns starts at {@code cols[colsOff + r·ld]} ({@code ld} at
   * least {@code OH·OW}), so the columns of several images can sit side by side as one
   * {@code [C·KH·KW, images·OH·OW]} matrix. Only those {@code OH·OW} entries per row are
   * written.
   */
  public static void im2col(float[] in, int inOff, int channels, int h, int w, ConvGeometry g,
      float[] cols, int colsOff, int ld) {
    int oh = g.outputHeight(h);
    int ow = g.outputWidth(w);
    int kh = g.kernelH();
    int kw = g.kernelW();
    int plane = ld;
    if (unitStrideNoPadding(g)) {
      ComputeBackends.current().columnFolding().unfoldUnitStride(in, inOff, channels, h, w, kh, kw,
          cols, colsOff, plane);
      return;
    }
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          int row = colsOff + ((c * kh + ky) * kw + kx) * plane;
          for (int y = 0; y < oh; y++) {
            int iy = y * g.strideH() - g.padH() + ky;
            int dst = row + y * ow;
            if (iy < 0 || iy >= h) {
              java.util.Arrays.fill(cols, dst, dst + ow, 0f);
              continue;
            }
            int src = inOff + (c * h + iy) * w;
            if (g.strideW() == 1) {
              int lo = Math.max(0, Math.min(ow, g.padW() - kx));
              int hi = Math.max(lo, Math.min(ow, w + g.padW() - kx));
              for (int x = 0; x < lo; x++) {
                cols[dst + x] = 0f;
              }
              System.arraycopy(in, src + lo + kx - g.padW(), cols, dst + lo, hi - lo);
              for (int x = hi; x < ow; x++) {
                cols[dst + x] = 0f;
              }
              continue;
            }
            for (int x = 0; x < ow; x++) {
              int ix = x * g.strideW() - g.padW() + kx;
              cols[dst + x] = ix >= 0 && ix < w ? in[src + ix] : 0f;
            }
          }
        }
      }
    }
  }

  /**
   * The inverse scatter of {@link #im2col}: adds every column entry back onto the image pixel it
   * came from ({@code out[outOff ..]}, {@code channels × h × w}); padding entries are dropped.
   * Only {@code out} is modified (accumulated into, not overwritten).
   */
  public static void col2im(float[] cols, int colsOff, int channels, int h, int w, ConvGeometry g,
      float[] out, int outOff) {
    col2im(cols, colsOff, channels, h, w, g, out, outOff, g.outputHeight(h) * g.outputWidth(w));
  }

  /**
   * {@link #col2im(float[], int, int, int, int, ConvGeometry, float[], int)} from a wider matrix
   * whose rows are {@code ld} apart, as written by the {@code ld} variant of {@link #im2col}.
   */
  public static void col2im(float[] cols, int colsOff, int channels, int h, int w, ConvGeometry g,
      float[] out, int outOff, int ld) {
    int oh = g.outputHeight(h);
    int ow = g.outputWidth(w);
    int kh = g.kernelH();
    int kw = g.kernelW();
    int plane = ld;
    if (unitStrideNoPadding(g)) {
      ComputeBackends.current().columnFolding().addUnitStride(cols, colsOff, plane, channels, h, w,
          kh, kw, out, outOff);
      return;
    }
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          int row = colsOff + ((c * kh + ky) * kw + kx) * plane;
          for (int y = 0; y < oh; y++) {
            int iy = y * g.strideH() - g.padH() + ky;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int dst = outOff + (c * h + iy) * w;
            int src = row + y * ow;
            if (g.strideW() == 1) {
              int lo = Math.max(0, Math.min(ow, g.padW() - kx));
              int hi = Math.max(lo, Math.min(ow, w + g.padW() - kx));
              int shift = dst + kx - g.padW();
              for (int x = lo; x < hi; x++) {
                out[shift + x] += cols[src + x];
              }
              continue;
            }
            for (int x = 0; x < ow; x++) {
              int ix = x * g.strideW() - g.padW() + kx;
              if (ix >= 0 && ix < w) {
                out[dst + ix] += cols[src + x];
              }
            }
          }
        }
      }
    }
  }

  private static boolean unitStrideNoPadding(ConvGeometry g) {
    return g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
  }

  /**
   * The column matrices of a batch {@code [N, C, H, W]}: a new {@code [N, C·KH·KW, OH·OW]}
   * tensor, images unfolded in parallel.
   */
  public static Tensor im2col(Tensor input, ConvGeometry g) {
    checkArgument(input.rank() == 4, "im2col: expected [N, C, H, W], got %s", input.shape());
    int n = input.dim(0);
    int c = input.dim(1);
    int h = input.dim(2);
    int w = input.dim(3);
    int rows = c * g.kernelH() * g.kernelW();
    int plane = g.outputHeight(h) * g.outputWidth(w);
    Tensor cols = Tensor.zeros(Shape.of(n, rows, plane));
    int imageSize = c * h * w;
    Parallel.forEach(n, i -> im2col(input.data(), input.offset() + i * imageSize, c, h, w, g,
        cols.data(), i * rows * plane));
    return cols;
  }

  /**
   * Folds {@code [N, C·KH·KW, OH·OW]} columns back into a new {@code [N, C, H, W]} tensor of the
   * given {@code imageShape} ({@code [C, H, W]}), summing overlapping entries.
   */
  public static Tensor col2im(Tensor cols, Shape imageShape, ConvGeometry g) {
    checkArgument(imageShape.rank() == 3,
        "col2im: expected an image shape [C, H, W], got %s", imageShape);
    int c = imageShape.dim(0);
    int h = imageShape.dim(1);
    int w = imageShape.dim(2);
    int rows = c * g.kernelH() * g.kernelW();
    int plane = g.outputHeight(h) * g.outputWidth(w);
    checkArgument(cols.rank() == 3 && cols.dim(1) == rows && cols.dim(2) == plane,
        "col2im: expected columns [N, %s, %s] for image %s and %s, got %s",
        rows, plane, imageShape, g, cols.shape());
    int n = cols.dim(0);
    Tensor out = Tensor.zeros(imageShape.prepend(n));
    int imageSize = imageShape.size();
    Parallel.forEach(n, i -> col2im(cols.data(), cols.offset() + i * rows * plane, c, h, w, g,
        out.data(), i * imageSize));
    return out;
  }
}
