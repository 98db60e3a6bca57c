package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Im2col;
import dev.lamina.tensor.MatMul;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.Parallel;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution over NCHW batches: {@code [N, C, H, W] -> [N, F, OH, OW]} with
 * {@code OH = (H - KH + 2P) / S + 1} (likewise OW), zero padding and one bias per filter. The number
 * of input channels C is taken from the input shape when the layer is built.
 *
 * <p>Parameters: {@code kernel} {@code [F, C, KH, KW]} (He-initialized unless configured otherwise)
 * and {@code bias} {@code [F]} (zeros unless configured otherwise).
 *
 * <p>Each image is unfolded with {@link Im2col} and multiplied by the kernel viewed as
 * {@code [F, C·KH·KW]}; images run in parallel, each writing its own output. The kernel gradient is
 * computed per image in parallel and summed in image order, so it is bitwise identical for any
 * thread count.
 */
public final class Conv2D implements Layer {
  private final int filters;
  private final int kernelH;
  private final int kernelW;
  private final int stride;
  private final int padding;
  private final WeightInit weightInit;
  private final WeightInit biasInit;
  private final ConvGeometry geometry;
  private Shape inputShape;
  private Parameter kernel;
  private Parameter bias;

  /** {@code filters} square {@code kernel × kernel} filters, stride 1, no padding. */
  public Conv2D(int filters, int kernel) {
    this(builder(filters).kernel(kernel));
  }

  private Conv2D(Builder b) {
    if (b.kernelH == 0 && b.kernelW == 0) {
      throw new IllegalArgumentException("Conv2D: the kernel size is required (e.g. Conv2D.builder("
          + b.filters + ").kernel(3))");
    }
    this.filters = LayerChecks.positive("Conv2D", "filters", b.filters);
    this.kernelH = LayerChecks.positive("Conv2D", "kernel height", b.kernelH);
    this.kernelW = LayerChecks.positive("Conv2D", "kernel width", b.kernelW);
    this.stride = LayerChecks.positive("Conv2D", "stride", b.stride);
    this.padding = LayerChecks.notNegative("Conv2D", "padding", b.padding);
    this.weightInit = b.weightInit;
    this.biasInit = b.biasInit;
    this.geometry = ConvGeometry.of(kernelH, kernelW, stride, padding);
  }

  /** A builder for {@code filters} filters; the kernel size must be set, stride 1 and padding 0 by default. */
  public static Builder builder(int filters) {
    return new Builder(filters);
  }

  public int filters() {
    return filters;
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

  /** Zeros added on every side of the input. */
  public int padding() {
    return padding;
  }

  public WeightInit weightInit() {
    return weightInit;
  }

  public WeightInit biasInit() {
    return biasInit;
  }

  /** The number of input channels; only known once built. */
  public int channels() {
    return LayerChecks.built(this, inputShape).dim(0);
  }

  /** The {@code [F, C, KH, KW]} weights; only once built. */
  public Parameter kernel() {
    LayerChecks.built(this, inputShape);
    return kernel;
  }

  /** The {@code [F]} biases; only once built. */
  public Parameter bias() {
    LayerChecks.built(this, inputShape);
    return bias;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException("expects [batch, channels, height, width], got "
          + BatchShapes.describe(input));
    }
    return Shape.of(filters, geometry.outputHeight(input.dim(1)), geometry.outputWidth(input.dim(2)));
  }

  /** Creates {@code kernel} and {@code bias} for {@code [C, H, W]} inputs and initializes them. */
  @Override
  public void build(Shape input, RandomGenerator random) {
    outputShape(input);
    int channels = input.dim(0);
    Parameter w = Parameter.zeros("kernel", Shape.of(filters, channels, kernelH, kernelW));
    Parameter b = Parameter.zeros("bias", Shape.of(filters));
    int fanIn = channels * kernelH * kernelW;
    int fanOut = filters * kernelH * kernelW;
    weightInit.fill(w.value(), fanIn, fanOut, random);
    biasInit.fill(b.value(), fanIn, fanOut, random);
    this.kernel = w;
    this.bias = b;
    this.inputShape = input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    Shape in = LayerChecks.built(this, inputShape);
    LayerChecks.batchOf(this, in, x);
    Geometry s = new Geometry(x.dim(0), in, outputShape(in), kernelH, kernelW);
    Parameter w = kernel;
    Parameter b = bias;
    Tensor weights = w.value().reshape(filters, s.rows);
    Tensor y = Tensor.zeros(s.outShape.prepend(s.n));
    // Training keeps every image's columns for the way back; inference needs one buffer per task.
    float[] allCols = training ? new float[s.n * s.rows * s.plane] : null;
    Parallel.forRange(s.n, 1, (from, to) -> {
      float[] cols = training ? allCols : new float[s.rows * s.plane];
      for (int i = from; i < to; i++) {
        int colsOff = training ? i * s.rows * s.plane : 0;
        Im2col.im2col(x.data(), x.offset() + i * s.imageSize, s.c, s.h, s.w, geometry, cols, colsOff);
        Tensor out = Tensor.wrap(Shape.of(filters, s.plane), y.data(), i * filters * s.plane);
        MatMul.into(weights, false, Tensor.wrap(Shape.of(s.rows, s.plane), cols, colsOff), false,
            out, false);
        out.addBroadcastInPlace(b.value(), 0);
      }
    });
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      // An inference pass kept no columns; unfold again when someone wants its gradient anyway.
      float[] cols = allCols != null ? allCols : Im2col.im2col(x, geometry).data();
      return backward(s, weights, cols, w, b, g);
    });
  }

  private Tensor backward(Geometry s, Tensor weights, float[] allCols, Parameter w, Parameter b,
      Tensor g) {
    Tensor dx = Tensor.zeros(inputShape.prepend(s.n));
    int gradSize = filters * s.rows;
    float[] partial = new float[s.n * gradSize];
    Parallel.forRange(s.n, 1, (from, to) -> {
      float[] dcols = new float[s.rows * s.plane];
      Tensor dcolsView = Tensor.wrap(Shape.of(s.rows, s.plane), dcols, 0);
      for (int i = from; i < to; i++) {
        Tensor gi = Tensor.wrap(Shape.of(filters, s.plane), g.data(), g.offset() + i * filters * s.plane);
        Tensor cols = Tensor.wrap(Shape.of(s.rows, s.plane), allCols, i * s.rows * s.plane);
        MatMul.into(gi, false, cols, true, Tensor.wrap(Shape.of(filters, s.rows), partial, i * gradSize),
            false);
        MatMul.into(weights, true, gi, false, dcolsView, false);
        Im2col.col2im(dcols, 0, s.c, s.h, s.w, geometry, dx.data(), i * s.imageSize);
      }
    });
    Tensor kernelGrad = w.gradient().reshape(filters, s.rows);
    for (int i = 0; i < s.n; i++) {
      kernelGrad.addInPlace(Tensor.wrap(kernelGrad.shape(), partial, i * gradSize));
    }
    b.gradient().addInPlace(g.sumExcept(1));
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return kernel == null ? List.of() : List.of(kernel, bias);
  }

  @Override
  public String toString() {
    return "Conv2D(filters=" + filters + ", kernel=" + kernelH + "x" + kernelW + ", stride=" + stride
        + ", padding=" + padding + ")";
  }

  /** The sizes of one pass. */
  private static final class Geometry {
    final int n;
    final int c;
    final int h;
    final int w;
    final int imageSize;
    final int rows;
    final int plane;
    final Shape outShape;

    Geometry(int n, Shape in, Shape out, int kernelH, int kernelW) {
      this.n = n;
      this.c = in.dim(0);
      this.h = in.dim(1);
      this.w = in.dim(2);
      this.imageSize = in.size();
      this.rows = c * kernelH * kernelW;
      this.plane = out.dim(1) * out.dim(2);
      this.outShape = out;
    }
  }

  /** Settings for a {@link Conv2D} layer. */
  public static final class Builder {
    private final int filters;
    private int kernelH;
    private int kernelW;
    private int stride = 1;
    private int padding;
    private WeightInit weightInit = WeightInit.HE;
    private WeightInit biasInit = WeightInit.ZEROS;

    private Builder(int filters) {
      this.filters = filters;
    }

    /** A square {@code size × size} kernel. */
    public Builder kernel(int size) {
      return kernel(size, size);
    }

    /** A {@code height × width} kernel. */
    public Builder kernel(int height, int width) {
      this.kernelH = height;
      this.kernelW = width;
      return this;
    }

    /** The step between windows in both directions (default 1). */
    public Builder stride(int stride) {
      this.stride = stride;
      return this;
    }

    /** Zeros added on every side (default 0). */
    public Builder padding(int padding) {
      this.padding = padding;
      return this;
    }

    /** How the kernel is initialized (default {@link WeightInit#HE}). */
    public Builder weightInit(WeightInit init) {
      this.weightInit = checkNotNull(init, "Conv2D: weightInit");
      return this;
    }

    /** How the bias is initialized (default {@link WeightInit#ZEROS}). */
    public Builder biasInit(WeightInit init) {
      this.biasInit = checkNotNull(init, "Conv2D: biasInit");
      return this;
    }

    public Conv2D build() {
      return new Conv2D(this);
    }
  }
}
