package dev.lamina.layers;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * The shared shape of 2-D pooling layers over NCHW batches: {@code [N, C, H, W] -> [N, C, OH, OW]}
 * with {@code OH = (H - KH + 2P) / S + 1} (likewise OW). Padding may be at most half the kernel, so
 * every window covers at least one input pixel.
 */
public abstract class Pooling2D implements Layer, FreshOutput {
  private final int kernelH;
  private final int kernelW;
  private final int stride;
  private final int padding;
  private final ConvGeometry geometry;

  Pooling2D(String type, int kernelH, int kernelW, int stride, int padding) {
    this.kernelH = LayerChecks.positive(type, "kernel height", kernelH);
    this.kernelW = LayerChecks.positive(type, "kernel width", kernelW);
    this.stride = LayerChecks.positive(type, "stride", stride);
    this.padding = LayerChecks.notNegative(type, "padding", padding);
    if (2L * padding > Math.min(kernelH, kernelW)) { // long: 2 x a huge padding wraps in int
      throw new IllegalArgumentException(type + ": padding must be at most half the kernel ("
          + kernelH + "x" + kernelW + "), got " + padding);
    }
    this.geometry = ConvGeometry.of(kernelH, kernelW, stride, padding);
  }

  public int kernelHeight() {
    return kernelH;
  }

  public int kernelWidth() {
    return kernelW;
  }

  public int stride() {
    return stride;
  }

  /** Rows and columns added on every side of the input. */
  public int padding() {
    return padding;
  }

  final ConvGeometry geometry() {
    return geometry;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException("expects [batch, channels, height, width], got "
          + BatchShapes.describe(input));
    }
    return Shape.of(input.dim(0), geometry.outputHeight(input.dim(1)),
        geometry.outputWidth(input.dim(2)));
  }

  /** Checks a batch and returns its per-sample output shape. */
  final Shape checkInput(Tensor x) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException(this + ": expected [N, C, H, W], got " + x.shape());
    }
    try {
      return outputShape(x.shape().dropFirst());
    } catch (IllegalArgumentException e) { // named here: a layer run on its own has no Sequential
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return typeName() + "(kernel=" + kernelH + "x" + kernelW + ", stride=" + stride + ", padding="
        + padding + ")";
  }
}
