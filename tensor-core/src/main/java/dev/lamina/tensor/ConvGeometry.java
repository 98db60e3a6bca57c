package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * The geometry of a 2-D sliding window over NCHW data (convolution or pooling): kernel size,
 * stride and zero padding, and the output size they give, {@code (H - K + 2P) / S + 1}.
 */
public final class ConvGeometry {
  private final int kernelH;
  private final int kernelW;
  private final int strideH;
  private final int strideW;
  private final int padH;
  private final int padW;

  private ConvGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    checkArgument(kernelH > 0 && kernelW > 0,
        "kernel must be positive, got %sx%s", kernelH, kernelW);
    checkArgument(strideH > 0 && strideW > 0,
        "stride must be positive, got %sx%s", strideH, strideW);
    checkArgument(padH >= 0 && padW >= 0, "padding must not be negative, got %sx%s", padH, padW);
    this.kernelH = kernelH;
    this.kernelW = kernelW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
  }

  /**
   * A {@code kernelH × kernelW} window moving by {@code stride}, with {@code padding} zeros on
   * every side.
   */
  public static ConvGeometry of(int kernelH, int kernelW, int stride, int padding) {
    return new ConvGeometry(kernelH, kernelW, stride, stride, padding, padding);
  }

  /** Every setting given separately. */
  public static ConvGeometry of(int kernelH, int kernelW, int strideH, int strideW, int padH,
      int padW) {
    return new ConvGeometry(kernelH, kernelW, strideH, strideW, padH, padW);
  }

  public int kernelH() {
    return kernelH;
  }

  public int kernelW() {
    return kernelW;
  }

  public int strideH() {
    return strideH;
  }

  public int strideW() {
    return strideW;
  }

  public int padH() {
    return padH;
  }

  public int padW() {
    return padW;
  }

  /**
   * The output height for a positive input height {@code h}; throws when it is not positive (the
   * kernel is larger than the padded input) or larger than {@link Integer#MAX_VALUE}.
   */
  public int outputHeight(int h) {
    return outputSize("height", h, kernelH, strideH, padH);
  }

  /**
   * The output width for a positive input width {@code w}; throws when it is not positive or larger
   * than {@link Integer#MAX_VALUE}.
   */
  public int outputWidth(int w) {
    return outputSize("width", w, kernelW, strideW, padW);
  }

  private static int outputSize(String what, int in, int k, int s, int p) {
    // plain ifs: this runs per image, and checkArgument would box its arguments every time
    if (in <= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "invalid input size: the input %s must be positive, got %s", what, in));
    }
    long padded = in + 2L * p; // in long: a huge padding must not wrap around to a small size
    if (padded < k) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "invalid output size: kernel %s %s is larger than the padded input %s %s"
              + " (%s + 2 x %s padding)",
          what, k, what, padded, in, p));
    }
    long out = (padded - k) / s + 1;
    if (out > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "invalid output size: the output %s %s is larger than %s (%s + 2 x %s padding, kernel"
              + " %s, stride %s)",
          what, out, Integer.MAX_VALUE, in, p, k, s));
    }
    return (int) out;
  }

  @Override
  public String toString() {
    return "kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW
        + ", padding " + padH + "x" + padW;
  }
}
