package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.tensor.ConvGeometry;
import dev.lamina.tensor.Im2col;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.DirectConvolution;
import dev.lamina.tensor.compute.Parallel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution over NCHW batches: {@code [N, C, H, W] -> [N, F, OH, OW]} with
 * {@code OH = (H - KH + 2P) / S + 1} (likewise OW), zero padding and one bias per filter. The
 * number of input channels C is taken from the input shape when the layer is built.
 *
 * <p>Parameters: {@code kernel} {@code [F, C, KH, KW]} (He-initialized unless configured otherwise)
 * and {@code bias} {@code [F]} (zeros unless configured otherwise).
 *
 * <p>The batch's images are unfolded side by side with {@link Im2col} into one
 * {@code [C·KH·KW, N·OH·OW]} matrix and multiplied by the kernel viewed as
 * {@code [F, C·KH·KW]} in one matrix product (inference unfolds groups of images to bound
 * memory). A convolution with few column rows (stride 1, no padding, {@code C·KH·KW} at most
 * {@value #DIRECT_MAX_ROWS}, as a first layer on images) is computed straight from the images
 * instead ({@link DirectConvolution}); so is its kernel gradient when no input gradient is wanted
 * (a first layer), and otherwise its columns are unfolded only on the way back. Column and product
 * buffers are reused from batch to batch. The kernel gradient is
 * computed over fixed chunks of images in parallel and summed in chunk order, so it is bitwise
 * identical for any thread count. As the first layer of a model it skips its input gradient
 * ({@link Forward#backwardParameters}).
 */
public final class Conv2D implements Layer, FreshOutput {
  /**
   * Output positions per kernel-gradient chunk (rounded to whole images); fixed so the sum's order
   * never depends on the threads.
   */
  private static final int GRADIENT_CHUNK = 2048;
  /** The most column rows ({@code C·KH·KW}) a convolution computed without columns may have. */
  private static final int DIRECT_MAX_ROWS = 32;
  /**
   * Column floats one thread unfolds at once in an inference pass (512 KB), so that they are still
   * in its core's cache when the matrix product reads them.
   */
  private static final int WORKER_COLUMNS = 1 << 17;
  /**
   * The most floats an inference pass unfolds (columns) or multiplies into (product) at once for
   * larger images.
   */
  private static final int INFERENCE_COLUMNS = 1 << 20;
  private final int filters;
  private final int kernelH;
  private final int kernelW;
  private final int stride;
  private final int padding;
  private final WeightInit weightInit;
  private final WeightInit biasInit;
  private final ConvGeometry geometry;
  /** Column matrices, reused from batch to batch. */
  private final Workspace columns = new Workspace();
  /** Products and filter-major gradients, reused from batch to batch. */
  private final Workspace products = new Workspace();
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

  /**
   * A builder for {@code filters} filters; the kernel size must be set, stride 1 and padding 0 by
   * default.
   */
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
    return Shape.of(
        filters, geometry.outputHeight(input.dim(1)), geometry.outputWidth(input.dim(2)));
  }

  /** Creates {@code kernel} and {@code bias} for {@code [C, H, W]} inputs and initializes them. */
  @Override
  public void build(Shape input, RandomGenerator random) {
    try {
      outputShape(input);
    } catch (IllegalArgumentException e) { // named here: a layer built on its own
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
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
    Tensor y = Tensor.zeros(s.outShape.prepend(s.n));
    if (direct(s)) {
      DirectConvolution conv = ComputeBackends.current().directConvolution();
      Parallel.forRange(s.n, 1, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          conv.convolve(s.c, s.h, s.w, filters, kernelH, kernelW, x.data(),
              x.offset() + i * s.imageSize, w.value().data(), w.value().offset(), b.value().data(),
              b.value().offset(), y.data(), i * filters * s.plane);
        }
      });
      // Parameters only (a first layer): straight from the images too. With dLoss/dInput: the
      // columns are unfolded into the workspace and handed back.
      BiFunction<Tensor, Boolean, Tensor> back = (g, inputGradient) -> {
        LayerChecks.sameShape(this, y, g);
        if (!inputGradient) {
          addGradientsDirectly(s, x, g, w, b);
          return null;
        }
        float[] cols = unfold(s, x, 0, s.n, columns.take(columnFloats(s, s.n)));
        Tensor dx = backward(s, cols, w, b, g, inputGradient);
        columns.give(cols);
        return dx;
      };
      return Forward.of(y, g -> back.apply(g, true), g -> back.apply(g, false));
    }
    if (!training) {
      infer(s, x, w, b, y);
      // An inference pass kept no columns; unfold again when someone wants its gradient anyway.
      return Forward.of(y, g -> {
        LayerChecks.sameShape(this, y, g);
        return backward(s, unfold(s, x, 0, s.n, new float[columnFloats(s, s.n)]), w, b, g, true);
      });
    }
    // Training keeps the whole batch's columns, [rows, N·plane], for the way back, which hands
    // them back to the workspace; a second way back through the same pass unfolds them again.
    float[] cols = columns.take(columnFloats(s, s.n));
    float[] product = products.take(filters * s.n * s.plane);
    // Per-thread groups of images, as inference runs them, measured no faster here (LeNet training,
    // AVX-512, alternating jars: 4,765 against 4,796 img/s).
    convolve(s, x, 0, s.n, w, b, cols, 0, product, 0, y);
    products.give(product);
    AtomicBoolean returned = new AtomicBoolean();
    BiFunction<Tensor, Boolean, Tensor> back = (g, inputGradient) -> {
      LayerChecks.sameShape(this, y, g);
      if (returned.getAndSet(true)) {
        return backward(s, unfold(s, x, 0, s.n, new float[columnFloats(s, s.n)]), w, b, g,
            inputGradient);
      }
      Tensor dx = backward(s, cols, w, b, g, inputGradient);
      columns.give(cols);
      return dx;
    };
    return Forward.of(y, g -> back.apply(g, true), g -> back.apply(g, false));
  }

  /**
   * The floats of the column matrix of {@code images} images ({@code C·KH·KW} rows, {@code
   * images·OH·OW} columns), checked to fit in one Java array: a huge kernel or padding, or a large
   * batch of large images, fails here naming the layer instead of wrapping around to a negative or
   * too small buffer.
   */
  private int columnFloats(Geometry s, int images) {
    long perImage = (long) s.rows * s.plane;
    long floats = perImage * images;
    if (floats > Integer.MAX_VALUE) {
      long most = Integer.MAX_VALUE / perImage;
      throw new IllegalArgumentException(this + ": the column matrix of "
          + (images == 1 ? "one image" : "a batch of " + images) + " would hold " + floats
          + " floats (" + s.rows + " rows x " + images + " x " + s.plane
          + " output positions), more than a Java array holds; "
          + (most > 0 ? "use batches of at most " + most
              : "use a smaller kernel, padding or input"));
    }
    return (int) floats;
  }

  /**
   * Whether this pass convolves straight from the images: stride 1, no padding and few enough
   * column rows ({@code C·KH·KW}) that unfolding and a thin matrix product cost more (measured on
   * the first layers of the notebook's network, 9 rows, and of LeNet, 25 rows).
   */
  private boolean direct(Geometry s) {
    return stride == 1 && padding == 0 && s.rows <= DIRECT_MAX_ROWS;
  }

  /**
   * Images per group when each thread is to convolve whole groups on its own, so that a group's
   * columns and product (each at most {@link #WORKER_COLUMNS} floats) are still in that core's
   * cache when they are read; at most {@code ⌈n / threads⌉}, so that a batch spreads over the
   * threads. 0 when one image's columns or product are larger than that, or the batch has fewer
   * images than there are threads: then every thread works on each group instead.
   */
  private int perThreadGroup(Geometry s) {
    long perImage = (long) Math.max(s.rows, filters) * s.plane;
    int threads = Parallel.threads();
    if (perImage > WORKER_COLUMNS || s.n < threads) {
      return 0;
    }
    return (int) Math.max(1, Math.min(WORKER_COLUMNS / perImage, (s.n + threads - 1) / threads));
  }

  /**
   * An inference pass through columns, a group of images at a time. With small images each thread
   * convolves whole groups ({@link #perThreadGroup}) with its own part of the buffers. Larger
   * images (or batches smaller than the thread count) go in groups whose columns and product each
   * hold at most {@link #INFERENCE_COLUMNS} floats, one after another, with every thread on each
   * step.
   * Either way {@code y} gets the bits of a training pass: each output adds its products in an
   * order that does not depend on how the columns are split.
   */
  private void infer(Geometry s, Tensor x, Parameter w, Parameter b, Tensor y) {
    int perThread = perThreadGroup(s);
    long perImage = (long) Math.max(s.rows, filters) * s.plane;
    int group = perThread > 0 ? perThread
        : (int) Math.max(1, Math.min(s.n, INFERENCE_COLUMNS / perImage));
    int groups = (s.n + group - 1) / group;
    int workers = perThread > 0 ? Math.min(Parallel.threads(), groups) : 1;
    int colsSize = columnFloats(s, group);
    int productSize = filters * s.plane * group;
    float[] cols = columns.take(workers * colsSize);
    float[] product = products.take(workers * productSize);
    Parallel.forEachWorker(groups, workers, (worker, g) -> {
      int from = g * group;
      convolve(s, x, from, Math.min(group, s.n - from), w, b, cols, worker * colsSize, product,
          worker * productSize, y);
    });
    columns.give(cols);
    products.give(product);
  }

  /**
   * Convolves images {@code [from, from + count)} of {@code x} into {@code y}: unfolds them side by
   * side into {@code cols} from {@code colsOff} ({@code [rows, count·plane]}), multiplies by the
   * kernel into {@code product} from {@code productOff} ({@code [F, count·plane]}) and scatters
   * that into NCHW order with the bias. Only those parts of {@code cols} and {@code product}, and
   * the images' outputs in {@code y}, are written.
   */
  private void convolve(Geometry s, Tensor x, int from, int count, Parameter w, Parameter b,
      float[] cols, int colsOff, float[] product, int productOff, Tensor y) {
    int ld = count * s.plane;
    unfold(s, x, from, count, cols, colsOff);
    ComputeBackends.current().gemm().multiply(false, false, filters, ld, s.rows,
        w.value().data(), w.value().offset(), s.rows, cols, colsOff, ld, false, product,
        productOff, ld);
    float[] bias = b.value().data();
    int biasOff = b.value().offset();
    float[] out = y.data();
    Parallel.forRange(count, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        for (int f = 0; f < filters; f++) {
          float bf = bias[biasOff + f];
          int src = productOff + f * ld + i * s.plane;
          int dst = ((from + i) * filters + f) * s.plane;
          for (int p = 0; p < s.plane; p++) {
            out[dst + p] = product[src + p] + bf;
          }
        }
      }
    });
  }

  /** Unfolds images {@code [from, from + count)} of {@code x} side by side into {@code cols}. */
  private float[] unfold(Geometry s, Tensor x, int from, int count, float[] cols) {
    return unfold(s, x, from, count, cols, 0);
  }

  /**
   * {@link #unfold(Geometry, Tensor, int, int, float[])} into {@code cols} from {@code colsOff}.
   */
  private float[] unfold(Geometry s, Tensor x, int from, int count, float[] cols, int colsOff) {
    int ld = count * s.plane;
    Parallel.forRange(count, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        Im2col.im2col(x.data(), x.offset() + (from + i) * s.imageSize, s.c, s.h, s.w, geometry,
            cols, colsOff + i * s.plane, ld);
      }
    });
    return cols;
  }

  /**
   * Adds the kernel and bias gradients of a training pass whose columns are {@code cols}; returns
   * dLoss/dInput when {@code inputGradient}, else null. Reuses {@code cols} for the column
   * gradient.
   */
  private Tensor backward(Geometry s, float[] cols, Parameter w, Parameter b, Tensor g,
      boolean inputGradient) {
    int ld = s.n * s.plane;
    double[] planeSums = new double[s.n * filters];
    float[] grad = filterMajor(s, g, products.take(filters * ld), planeSums);
    addKernelGradient(s, grad, cols, w);
    addBiasGradient(s, planeSums, b);
    if (!inputGradient) {
      products.give(grad);
      return null;
    }
    float[] dcols = cols;
    ComputeBackends.current().gemm().multiply(true, false, s.rows, ld, filters,
        w.value().data(), w.value().offset(), s.rows, grad, 0, ld, false, dcols, 0, ld);
    products.give(grad);
    Tensor dx = Tensor.zeros(inputShape.prepend(s.n));
    Parallel.forRange(s.n, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        Im2col.col2im(dcols, i * s.plane, s.c, s.h, s.w, geometry, dx.data(), i * s.imageSize, ld);
      }
    });
    return dx;
  }

  /**
   * {@code g} ({@code [N, F, plane]}) rearranged as {@code [F, N·plane]} into {@code out}, and the
   * sum of every plane into {@code planeSums[i·F + f]} (in a fixed order: four interleaved partial
   * sums, so the bias gradient needs no second pass and no thread changes it).
   */
  private float[] filterMajor(Geometry s, Tensor g, float[] out, double[] planeSums) {
    int ld = s.n * s.plane;
    float[] in = g.data();
    int off = g.offset();
    int plane = s.plane;
    Parallel.forRange(s.n, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        for (int f = 0; f < filters; f++) {
          int from = off + (i * filters + f) * plane;
          System.arraycopy(in, from, out, f * ld + i * plane, plane);
          planeSums[i * filters + f] = planeSum(in, from, plane);
        }
      }
    });
    return out;
  }


  /**
   * Adds the kernel and bias gradients of a directly convolved pass without columns. Images are
   * taken in fixed chunks (as in {@link #addKernelGradient}) summed in image order, and the chunks
   * in chunk order, so the result does not depend on the number of threads.
   */
  private void addGradientsDirectly(Geometry s, Tensor x, Tensor g, Parameter w, Parameter b) {
    DirectConvolution conv = ComputeBackends.current().directConvolution();
    int size = filters * s.rows;
    int images = Math.max(1, GRADIENT_CHUNK / s.plane);
    int chunks = (s.n + images - 1) / images;
    float[] partial = new float[chunks * size];
    double[] planeSums = new double[s.n * filters];
    int outSize = filters * s.plane;
    Parallel.forEach(chunks, c -> {
      for (int i = c * images; i < Math.min(s.n, (c + 1) * images); i++) {
        conv.addKernelGradient(s.c, s.h, s.w, filters, kernelH, kernelW, x.data(),
            x.offset() + i * s.imageSize, g.data(), g.offset() + i * outSize, partial, c * size);
        for (int f = 0; f < filters; f++) {
          int plane = g.offset() + i * outSize + f * s.plane;
          planeSums[i * filters + f] = planeSum(g.data(), plane, s.plane);
        }
      }
    });
    float[] kernelGrad = w.gradient().data();
    int off = w.gradient().offset();
    for (int c = 0; c < chunks; c++) {
      for (int j = 0; j < size; j++) {
        kernelGrad[off + j] += partial[c * size + j];
      }
    }
    addBiasGradient(s, planeSums, b);
  }

  /** Adds {@code Σ_i planeSums[i·F + f]} (in image order) to the bias gradient of filter f. */
  private void addBiasGradient(Geometry s, double[] planeSums, Parameter b) {
    float[] biasGrad = b.gradient().data();
    int biasOff = b.gradient().offset();
    for (int f = 0; f < filters; f++) {
      double sum = 0;
      for (int i = 0; i < s.n; i++) {
        sum += planeSums[i * filters + f];
      }
      biasGrad[biasOff + f] += (float) sum;
    }
  }

  /**
   * The sum of {@code values[from, from + n)} as four interleaved partial sums, in a fixed order.
   */
  private static double planeSum(float[] values, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int p = 0;
    for (; p + 3 < n; p += 4) {
      s0 += values[from + p];
      s1 += values[from + p + 1];
      s2 += values[from + p + 2];
      s3 += values[from + p + 3];
    }
    for (; p < n; p++) {
      s0 += values[from + p];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Adds {@code grad · colsᵀ} to the kernel gradient. The images are cut into fixed chunks whose
   * products run in parallel and are summed in chunk order, so the result does not depend on the
   * number of threads.
   */
  private void addKernelGradient(Geometry s, float[] grad, float[] cols, Parameter w) {
    int ld = s.n * s.plane;
    int size = filters * s.rows;
    int images = Math.max(1, GRADIENT_CHUNK / s.plane);
    int chunks = (s.n + images - 1) / images;
    float[] partial = new float[chunks * size];
    Parallel.forEach(chunks, c -> {
      int from = c * images * s.plane;
      int k = Math.min(ld, from + images * s.plane) - from;
      ComputeBackends.current().gemm().multiply(false, true, filters, s.rows, k,
          grad, from, ld, cols, from, ld, false, partial, c * size, s.rows);
    });
    float[] kernelGrad = w.gradient().data();
    int off = w.gradient().offset();
    for (int c = 0; c < chunks; c++) {
      for (int j = 0; j < size; j++) {
        kernelGrad[off + j] += partial[c * size + j];
      }
    }
  }

  @Override
  public List<Parameter> parameters() {
    return kernel == null ? List.of() : List.of(kernel, bias);
  }

  @Override
  public String toString() {
    return "Conv2D(filters=" + filters + ", kernel=" + kernelH + "x" + kernelW
        + ", stride=" + stride + ", padding=" + padding + ")";
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
