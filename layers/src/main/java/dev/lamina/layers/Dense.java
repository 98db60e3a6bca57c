package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.tensor.MatMul;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SplitK;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer: {@code [N, inputs] -> [N, units]}, {@code Y = X · W + b}. The number of
 * inputs is taken from the input shape when the layer is built.
 *
 * <p>Parameters: {@code kernel} {@code [inputs, units]} (He-initialized unless configured
 * otherwise) and {@code bias} {@code [units]} (zeros unless configured otherwise).
 */
public final class Dense implements Layer, FreshOutput {
  private final int units;
  private final WeightInit weightInit;
  private final WeightInit biasInit;
  private Shape inputShape;
  private Parameter kernel;
  private Parameter bias;

  /** A layer of {@code units} outputs with He weights and zero biases. */
  public Dense(int units) {
    this(builder(units));
  }

  private Dense(Builder b) {
    if (b.units == null) {
      throw new IllegalArgumentException("Dense: units is required (e.g. Dense.builder(64))");
    }
    this.units = LayerChecks.positive("Dense", "units", b.units);
    this.weightInit = b.weightInit;
    this.biasInit = b.biasInit;
  }

  /** A builder with {@code units} outputs. */
  public static Builder builder(int units) {
    return new Builder().units(units);
  }

  /** A builder whose units must still be set with {@link Builder#units}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of outputs per sample. */
  public int units() {
    return units;
  }

  /** The number of inputs per sample; only known once built. */
  public int inputs() {
    return LayerChecks.built(this, inputShape).dim(0);
  }

  public WeightInit weightInit() {
    return weightInit;
  }

  public WeightInit biasInit() {
    return biasInit;
  }

  /** The {@code [inputs, units]} weights; only once built. */
  public Parameter kernel() {
    LayerChecks.built(this, inputShape);
    return kernel;
  }

  /** The {@code [units]} biases; only once built. */
  public Parameter bias() {
    LayerChecks.built(this, inputShape);
    return bias;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() != 1) {
      throw new IllegalArgumentException("expects [batch, features], got "
          + BatchShapes.describe(input) + (input.rank() > 1 ? "; add a Flatten before it" : ""));
    }
    return Shape.of(units);
  }

  /**
   * Creates {@code kernel} and {@code bias} for {@code [inputs]} and initializes them from
   * {@code random}.
   */
  @Override
  public void build(Shape input, RandomGenerator random) {
    outputShape(input);
    int inputs = input.dim(0);
    Parameter w = Parameter.zeros("kernel", Shape.of(inputs, units));
    Parameter b = Parameter.zeros("bias", Shape.of(units));
    weightInit.fill(w.value(), inputs, units, random);
    biasInit.fill(b.value(), inputs, units, random);
    this.kernel = w;
    this.bias = b;
    this.inputShape = input;
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    LayerChecks.batchOf(this, LayerChecks.built(this, inputShape), x);
    Parameter w = kernel;
    Parameter b = bias;
    Tensor y = Tensor.zeros(x.dim(0), units);
    int inputs = inputShape.dim(0);
    if (SplitK.pays(inputs)) {
      SplitK.multiply(x.dim(0), units, inputs, x.data(), x.offset(), w.value().data(),
          w.value().offset(), y.data(), 0);
    } else {
      MatMul.into(x, false, w.value(), false, y, false);
    }
    y.addBroadcastInPlace(b.value(), 1);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      MatMul.into(x, true, g, false, w.gradient(), true);
      b.gradient().addInPlace(g.sumExcept(1));
      return MatMul.multiply(g, false, w.value(), true);
    });
  }

  @Override
  public List<Parameter> parameters() {
    return kernel == null ? List.of() : List.of(kernel, bias);
  }

  @Override
  public String toString() {
    return "Dense(units=" + units + ")";
  }

  /** Settings for a {@link Dense} layer. */
  public static final class Builder {
    private Integer units;
    private WeightInit weightInit = WeightInit.HE;
    private WeightInit biasInit = WeightInit.ZEROS;

    private Builder() {}

    /** The number of outputs per sample (required, positive). */
    public Builder units(int units) {
      this.units = units;
      return this;
    }

    /** How the kernel is initialized (default {@link WeightInit#HE}). */
    public Builder weightInit(WeightInit init) {
      this.weightInit = checkNotNull(init, "Dense: weightInit");
      return this;
    }

    /** How the bias is initialized (default {@link WeightInit#ZEROS}). */
    public Builder biasInit(WeightInit init) {
      this.biasInit = checkNotNull(init, "Dense: biasInit");
      return this;
    }

    public Dense build() {
      return new Dense(this);
    }
  }
}
