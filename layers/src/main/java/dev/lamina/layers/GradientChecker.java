package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Compares a layer's analytic gradients with central finite differences, for its input and every
 * parameter.
 *
 * <p>Tensors are float32, so the loss is a random projection accumulated in double precision,
 * {@code L = Σ output · R} with a seeded {@code R}, whose gradient with respect to the output is
 * exactly {@code R}. An element {@code x} is perturbed to the float32 values {@code x ± ε} (or by
 * a step that depends on {@code x}, {@link Builder#step}), and the numeric derivative divides by
 * the actual float32 difference. The relative error is
 * {@code |a - n| / max(|a|, |n|, floor)}. Where the function has a kink within {@code ε} (ReLU at
 * 0, max-pool ties) the one-sided differences disagree; such an element counts as a kink and is
 * skipped when the analytic gradient matches one side. Tensors larger than {@code maxSamples}
 * are checked at that many elements: the first, then (for {@code maxSamples} of two or more) the
 * last, where edge and remainder bugs show, and the rest at seeded random positions.
 *
 * <p>The layer's parameters are perturbed in place and restored bit for bit; their gradients are
 * restored as well. The input tensor is not modified. Every forward pass is given its own copy of
 * the input and the backward its own copy of {@code R}, so a layer that modifies them (which
 * {@link LayerContract} reports) does not skew the comparison.
 */
public final class GradientChecker {
  private final DoubleUnaryOperator step;
  private final double tolerance;
  private final double floor;
  private final int maxSamples;
  private final long seed;

  private GradientChecker(Builder b) {
    this.step = b.step;
    this.tolerance = b.tolerance;
    this.floor = b.floor;
    this.maxSamples = b.maxSamples;
    this.seed = b.seed;
  }

  /** A checker with the default settings (see {@link Builder}). */
  public static GradientChecker withDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks {@code layer} (built) on the batch {@code input} in the given mode and reports the worst
   * element. The layer must be deterministic in that mode.
   */
  public GradientReport check(Layer layer, Tensor input, boolean training) {
    Tensor x = input.copy();
    Forward pass = layer.forward(x.copy(), training);
    Tensor r = randomLike(pass.output().shape(), new SplittableRandom(seed));
    List<Parameter> params = layer.parameters();
    List<Tensor> saved = new ArrayList<>();
    for (Parameter p : params) {
      saved.add(p.gradient().copy());
      p.zeroGradient();
    }
    try {
      Tensor inputGrad = pass.backward(r.copy());
      Probe probe = new Probe(layer, training, r, loss(pass.output(), r));
      probe.compare("input", x, inputGrad, x);
      Map<Parameter, String> names = new IdentityHashMap<>(); // a model's: dense_1/kernel
      if (layer instanceof Sequential model) {
        model.namedParameters().forEach((name, p) -> names.put(p, name));
      }
      for (Parameter p : params) {
        probe.compare("parameter " + names.getOrDefault(p, p.name()), p.value(),
            p.gradient().copy(), x);
      }
      return new GradientReport(tolerance, probe.checked, probe.kinks, probe.worst);
    } finally {
      for (int i = 0; i < params.size(); i++) {
        params.get(i).gradient().copyFrom(saved.get(i));
      }
    }
  }

  static Tensor randomLike(Shape shape, SplittableRandom random) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, (float) random.nextGaussian());
    }
    return t;
  }

  private static double loss(Tensor out, Tensor r) {
    double sum = 0;
    for (int i = 0, n = out.size(); i < n; i++) {
      sum += (double) out.getFlat(i) * r.getFlat(i);
    }
    return sum;
  }

  /** Perturbs elements one at a time and keeps the worst comparison. */
  private final class Probe {
    private final Layer layer;
    private final boolean training;
    private final Tensor r;
    private final double base;
    private final SplittableRandom sampler = new SplittableRandom(seed + 1);
    int checked;
    int kinks;
    GradientReport.Element worst;

    Probe(Layer layer, boolean training, Tensor r, double base) {
      this.layer = layer;
      this.training = training;
      this.r = r;
      this.base = base;
    }

    void compare(String name, Tensor target, Tensor analytic, Tensor input) {
      for (int i : sample(target.size())) {
        float original = target.getFlat(i);
        double h = step.applyAsDouble(original);
        float up = (float) (original + h);
        float down = (float) (original - h);
        if (!(h > 0) || !Float.isFinite(up) || !Float.isFinite(down) || !(up > down)) {
          throw new IllegalStateException(String.format("GradientChecker: the step at %s (%s of"
              + " %s) is %s; it must be positive and make x - step and x + step two distinct,"
              + " finite float32 values", original,
              Arrays.toString(target.shape().coordinates(i)), name, h));
        }
        double lossUp = lossAt(target, i, up, input);
        double lossDown = lossAt(target, i, down, input);
        target.setFlat(i, original);
        double a = analytic.getFlat(i);
        double numeric = (lossUp - lossDown) / ((double) up - down);
        double error = relativeError(a, numeric);
        checked++;
        if (error > tolerance && isKink(a, original, up, down, lossUp, lossDown)) {
          kinks++;
          continue;
        }
        // a NaN error (a NaN or infinite gradient on either side) is the worst there is
        boolean nan = Double.isNaN(error);
        if (worst == null || (nan && !Double.isNaN(worst.relativeError()))
            || error > worst.relativeError()) {
          worst = new GradientReport.Element(name, target.shape().coordinates(i), a, numeric,
              error);
        }
      }
    }

    private boolean isKink(double a, float x, float up, float down, double lossUp,
        double lossDown) {
      double right = (lossUp - base) / ((double) up - x);
      double left = (base - lossDown) / ((double) x - down);
      return relativeError(left, right) > tolerance
          && Math.min(relativeError(a, left), relativeError(a, right)) <= tolerance;
    }

    private double lossAt(Tensor target, int i, float value, Tensor input) {
      target.setFlat(i, value);
      return loss(layer.forward(input.copy(), training).output(), r);
    }

    private int[] sample(int size) {
      int count = Math.min(size, maxSamples);
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      if (count == size) {
        return all;
      }
      // the last element always, after the first: where edge and remainder bugs show
      all[1] = size - 1;
      all[size - 1] = 1;
      for (int i = Math.min(count, 2); i < count; i++) {
        int j = i + sampler.nextInt(size - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return Arrays.copyOf(all, count);
    }
  }

  private double relativeError(double a, double b) {
    return Math.abs(a - b) / Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** Settings for a {@link GradientChecker}. */
  public static final class Builder {
    private DoubleUnaryOperator step = x -> 1e-2;
    private double tolerance = 1e-2;
    private double floor = 1e-2;
    private int maxSamples = 128;
    private long seed = 1L;

    private Builder() {}

    /**
     * The perturbation of every element (default 1e-2, suited to float32 layers). It must move
     * every element checked: a check that meets an element where {@code x ± ε} is one float32
     * value ({@code |x|} above about {@code 8e6 · ε}) throws {@link IllegalStateException}.
     */
    public Builder epsilon(double epsilon) {
      checkArgument(epsilon > 0 && epsilon < 1,
          "GradientChecker: epsilon must be in (0, 1), got %s", epsilon);
      this.step = x -> epsilon;
      return this;
    }

    /**
     * The perturbation of an element as a function of its value, instead of one {@link #epsilon}
     * for all: for a function that curves fast near some value, such as {@code -log p} near 0, a
     * step that shrinks there. The step must be positive and {@code x ± step} two distinct,
     * finite float32 values; a check that meets a step that is not throws
     * {@link IllegalStateException}.
     */
    public Builder step(DoubleUnaryOperator stepAt) {
      this.step = Objects.requireNonNull(stepAt, "stepAt");
      return this;
    }

    /** The largest relative error accepted (default 1e-2); positive and finite. */
    public Builder tolerance(double tolerance) {
      checkArgument(tolerance > 0 && tolerance < Double.POSITIVE_INFINITY,
          "GradientChecker: tolerance must be positive and finite, got %s", tolerance);
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The smallest denominator of the relative error (default 1e-2), so gradients near zero are
     * compared absolutely; positive and finite.
     */
    public Builder floor(double floor) {
      // an infinite floor makes every relative error 0: every layer would pass
      checkArgument(floor > 0 && floor < Double.POSITIVE_INFINITY,
          "GradientChecker: floor must be positive and finite, got %s", floor);
      this.floor = floor;
      return this;
    }

    /** The most elements checked per tensor (default 128); larger tensors are sampled. */
    public Builder maxSamples(int maxSamples) {
      checkArgument(maxSamples > 0,
          "GradientChecker: maxSamples must be positive, got %s", maxSamples);
      this.maxSamples = maxSamples;
      return this;
    }

    /** The seed of the projection and of the sampling (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public GradientChecker build() {
      return new GradientChecker(this);
    }
  }
}
