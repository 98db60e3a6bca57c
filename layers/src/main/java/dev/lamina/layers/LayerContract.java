package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The contract every layer should keep, as a check any test framework can run:
 *
 * <ul>
 *   <li>{@code outputShape} accepts the input shape and {@code forward} returns exactly
 *       {@code [batch, ...outputShape]}, with finite values;
 *   <li>{@code parameters()} returns the same parameter objects on every call, none twice, no two
 *       with one name, each gradient shaped like its value;
 *   <li>a layer handed to the contract unbuilt that has parameters once built does not run
 *       before {@code build} ({@link Layer}'s contract asks for an {@link IllegalStateException}
 *       naming the layer; any exception passes here, so that layers written before this check
 *       keep passing);
 *   <li>no state is kept between forward calls: a pass's output and backward are unchanged by a
 *       later pass, and repeated passes give bitwise identical outputs and gradients;
 *   <li>{@code forward} leaves its input as it is, and {@code backward} both that input and its
 *       {@code gradOutput};
 *   <li>{@code backward} adds to the parameters' gradients rather than overwriting them (a second
 *       pass without zeroing doubles them), as {@link Parameter}'s contract says: a parameter
 *       shared by two layers, or two passes summed, must get the sum;
 *   <li>{@link Forward#backwardParameters} (the way back a model takes for its first layer with
 *       parameters) gives the parameter gradients {@code backward} gives and leaves its {@code
 *       gradOutput} as it is;
 *   <li>the analytic gradients of the input and of every parameter agree with finite differences
 *       ({@link GradientChecker});
 *   <li>an {@link InPlaceInference} layer's output is shaped like its input and
 *       {@code inferInPlace} writes exactly what {@code forward(x, false)} returns.
 * </ul>
 *
 * <p>The checks run in inference mode and, unless {@link #training(boolean) turned off} for a
 * stochastic layer such as {@link Dropout}, in training mode. The contract builds the layer from
 * its seed for its input shape, as {@link Sequential} does: a layer built on its own before is
 * built again, its parameters re-initialized. A layer whose parameters (or dropout masks) belong
 * to a model is refused with {@link IllegalArgumentException} before anything runs, since building
 * it would overwrite that model's weights; check a fresh instance instead. The layer may be added
 * to a model after the check, which builds it once more.
 *
 * <pre>{@code
 * LayerContract.check(new MyLayer(), Shape.of(3, 8, 8));          // throws when broken
 * LayerContract.Report r = LayerContract.of(layer, shape).batch(4).run();  // never throws
 * }</pre>
 */
public final class LayerContract {
  /** What {@link #checkInPlace} puts around the tensor it hands to {@code inferInPlace}. */
  private static final float SENTINEL = -12345.5f;

  private final Layer layer;
  private final Shape inputShape;
  private int batch = 2;
  private long seed = 7L;
  private boolean training = true;
  private GradientChecker checker = GradientChecker.withDefaults();

  private LayerContract(Layer layer, Shape inputShape) {
    this.layer = checkNotNull(layer, "layer");
    this.inputShape = checkNotNull(inputShape, "inputShape");
  }

  /** A contract run for {@code layer} on per-sample inputs of {@code inputShape}. */
  public static LayerContract of(Layer layer, Shape inputShape) {
    return new LayerContract(layer, inputShape);
  }

  /**
   * Runs every check with the defaults and returns the report; throws
   * {@link IllegalStateException} listing every failure when the layer breaks the contract, and
   * {@link IllegalArgumentException} for a layer that belongs to a model.
   */
  public static Report check(Layer layer, Shape inputShape) {
    return of(layer, inputShape).verify();
  }

  /** The batch size of the test inputs (default 2). */
  public LayerContract batch(int batch) {
    checkArgument(batch > 0, "LayerContract: batch must be positive, got %s", batch);
    this.batch = batch;
    return this;
  }

  /** The seed of the parameters and test inputs (default 7). */
  public LayerContract seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Whether to check training mode too (default true); turn off for stochastic layers. */
  public LayerContract training(boolean training) {
    this.training = training;
    return this;
  }

  /** The gradient checker to use (default {@link GradientChecker#withDefaults()}). */
  public LayerContract gradientChecker(GradientChecker checker) {
    this.checker = checkNotNull(checker, "checker");
    return this;
  }

  /**
   * Runs the checks and returns the report, throwing {@link IllegalStateException} on failure (and
   * as {@link #run}).
   */
  public Report verify() {
    Report report = run();
    if (!report.passed()) {
      throw new IllegalStateException(report.toString());
    }
    return report;
  }

  /**
   * Runs the checks and returns the report; never throws for a broken layer. Throws
   * {@link IllegalArgumentException}, leaving the layer untouched, when it belongs to a model.
   */
  public Report run() {
    // not atomic with the build below: a model built from this layer on another thread at the
    // same moment is not caught (checking a layer another thread is using is an error anyway)
    if (Sequential.belongsToAModel(layer)) {
      throw new IllegalArgumentException("LayerContract: " + describe(layer) + " belongs to a"
          + " model, and building it for the check would re-initialize that model's parameters"
          + " (or dropout masks); check a fresh instance instead");
    }
    Report report = new Report(describe(layer), inputShape);
    Shape expected;
    boolean ranUnbuilt;
    try {
      expected = layer.outputShape(inputShape);
      ranUnbuilt = hasNoParametersYet() && runsUnbuilt();
      layer.build(inputShape, new SplittableRandom(seed));
    } catch (RuntimeException e) {
      report.fail("outputShape/build rejected " + BatchShapes.describe(inputShape) + ": " + e);
      return report;
    }
    checkUnbuiltRun(report, ranUnbuilt);
    try {
      checkParameters(report);
    } catch (RuntimeException e) {
      report.fail("parameters(): threw " + e);
    }
    for (boolean mode : training ? new boolean[] {false, true} : new boolean[] {false}) {
      try {
        checkMode(report, expected, mode);
      } catch (RuntimeException e) {
        report.fail(modeName(mode) + ": threw " + e);
      }
    }
    if (layer instanceof InPlaceInference) {
      try {
        checkInPlace(report, expected);
      } catch (RuntimeException e) {
        report.fail("inferInPlace: threw " + e);
      }
    }
    try {
      zeroGradients();
    } catch (RuntimeException e) {
      report.fail("parameters(): threw " + e);
    }
    return report;
  }

  /**
   * Whether the layer lists no parameters before the contract builds it: it may be one that
   * creates them in {@code build}. False when it has some (built before, or needs no build) or
   * cannot list them yet (such as {@code List.of(null)}, which the later checks report).
   */
  private boolean hasNoParametersYet() {
    try {
      List<Parameter> before = layer.parameters();
      return before != null && before.isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether the layer runs on a batch before it is built (any exception: it refused). */
  private boolean runsUnbuilt() {
    try {
      layer.forward(GradientChecker.randomLike(inputShape.prepend(batch),
          new SplittableRandom(seed + 4)), false);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A layer that had no parameters before {@code build} but has some after it must have refused
   * to run unbuilt: running then would compute with parameters that do not exist yet.
   */
  private void checkUnbuiltRun(Report report, boolean ranUnbuilt) {
    List<Parameter> after = layer.parameters();
    if (!ranUnbuilt || after == null || after.isEmpty()) {
      return;
    }
    report.fail("forward before build ran; a layer that creates its parameters in build throws"
        + " IllegalStateException naming itself when run before it was built");
  }

  /** An {@link InPlaceInference} layer writes over its input what its inference pass returns. */
  private void checkInPlace(Report report, Shape expected) {
    if (!expected.equals(inputShape)) {
      report.fail("inferInPlace: the output " + BatchShapes.describe(expected) + " is not shaped"
          + " like the input " + BatchShapes.describe(inputShape) + ", so it cannot be written in"
          + " its place");
      return;
    }
    Tensor x =
        GradientChecker.randomLike(inputShape.prepend(batch), new SplittableRandom(seed + 3));
    // the batch as the middle of three, inside an array with sentinels before and after it
    Tensor around = Tensor.filled(inputShape.prepend(3 * batch), SENTINEL);
    Tensor inPlace = around.slice(batch, 2 * batch);
    System.arraycopy(x.data(), x.offset(), inPlace.data(), inPlace.offset(), x.size());
    ((InPlaceInference) layer).inferInPlace(inPlace);
    report.check(inPlace.equals(layer.forward(x, false).output()),
        "inferInPlace: wrote other values than forward(x, false) returns");
    boolean outside = false;
    for (int i = 0; i < around.size(); i++) {
      boolean inside = i >= inPlace.offset() && i < inPlace.offset() + inPlace.size();
      outside |= !inside && around.getFlat(i) != SENTINEL;
    }
    report.check(!outside, "inferInPlace: wrote outside its tensor's elements (it must start at"
        + " x.offset() and write x.size() elements)");
  }

  private void checkParameters(Report report) {
    List<Parameter> first = layer.parameters();
    List<Parameter> second = layer.parameters();
    if (first == null || second == null) {
      report.fail("parameters() returned null; a layer without parameters returns List.of()");
      return;
    }
    report.check(first.size() == second.size(), "parameters() returned " + first.size()
        + " parameters, then " + second.size());
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<String> names = new HashSet<>();
    long count = 0;
    for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
      Parameter p = first.get(i);
      if (p == null) {
        report.fail("parameters() lists null at position " + i);
        continue;
      }
      report.check(p == second.get(i), "parameters() returned a new object for " + p.name());
      report.check(p.gradient().shape().equals(p.shape()), "parameter " + p.name() + ": gradient "
          + p.gradient().shape() + " does not match the value " + p.shape());
      boolean fresh = seen.add(p);
      report.check(fresh, "parameter " + p.name() + " is listed twice");
      // a nested Sequential's parameters are told apart by their layers' names
      report.check(!fresh || names.add(p.name()) || layer instanceof Sequential,
          "two parameters are named " + p.name()
              + "; a model and its files tell a layer's parameters apart by name");
      count += p.size();
    }
    report.parameterCount = count;
  }

  /**
   * Runs the mode's checks. Every pass gets its own copies of the inputs and of the output
   * gradient, so a layer that modifies one is named for that once, not reported by the later
   * checks as keeping state.
   */
  private void checkMode(Report report, Shape expected, boolean mode) {
    String m = modeName(mode);
    SplittableRandom random = new SplittableRandom(seed + (mode ? 1 : 2));
    Tensor x1 = GradientChecker.randomLike(inputShape.prepend(batch), random);
    Tensor x2 = GradientChecker.randomLike(inputShape.prepend(batch), random);
    layer.parameters().forEach(Parameter::zeroGradient);

    Tensor in = x1.copy();
    Forward a = layer.forward(in, mode);
    boolean inputKept = in.equals(x1);
    report.check(inputKept, m + ": forward modified the input, which it must leave as it is");
    Tensor outA = a.output().copy();
    Shape want = expected.prepend(batch);
    if (!outA.shape().equals(want)) {
      report.fail(m + ": forward gave " + outA.shape() + " but outputShape says " + want);
      return;
    }
    report.check(outA.firstNonFinite() < 0, m + ": forward gave non-finite values");
    Tensor r = GradientChecker.randomLike(want, random);
    Forward b = layer.forward(x2, mode);
    report.check(outA.equals(a.output()), m + ": a later forward changed an earlier pass's output");
    report.check(b.output().shape().equals(want), m + ": forward of a second batch gave "
        + b.output().shape());
    Tensor gradOutput = r.copy();
    Tensor gradA = a.backward(gradOutput).copy();
    boolean gradOutputKept = gradOutput.equals(r);
    report.check(gradOutputKept, m + ": backward modified its gradOutput, which"
        + " Forward.backward must leave as it is (write the input gradient to a new tensor)");
    report.check(!inputKept || in.equals(x1), m + ": backward modified the input of its forward");
    List<Tensor> paramGradsA = gradients();
    report.check(gradA.shape().equals(x1.shape()), m + ": backward gave " + gradA.shape()
        + " for an input " + x1.shape());

    layer.parameters().forEach(Parameter::zeroGradient);
    Forward again = layer.forward(x1.copy(), mode);
    report.check(outA.equals(again.output()), m + ": two forwards of the same input differ"
        + (mode ? " (a stochastic layer? run the contract with training(false))" : ""));
    Tensor gradAgain = again.backward(r.copy());
    report.check(gradA.equals(gradAgain), m + ": the input gradient depends on a later forward "
        + "(state kept on the layer?)");
    report.check(paramGradsA.equals(gradients()), m + ": the parameter gradients depend on a "
        + "later forward (state kept on the layer?)");
    layer.forward(x1.copy(), mode).backward(r.copy()); // without zeroing: the gradients add up
    report.check(scaled(paramGradsA, gradients(), 2), m + ": a second backward without zeroing"
        + " did not double the parameter gradients; backward must add to gradient(), not set it");
    layer.parameters().forEach(Parameter::zeroGradient);
    Tensor gradOnly = r.copy();
    layer.forward(x1.copy(), mode).backwardParameters(gradOnly);
    report.check(!gradOutputKept || gradOnly.equals(r), m + ": backwardParameters modified its"
        + " gradOutput, which it must leave as it is");
    report.check(scaled(paramGradsA, gradients(), 1), m + ": backwardParameters gave other"
        + " parameter gradients than backward (a model calls it for its first layer with"
        + " parameters)");
    layer.parameters().forEach(Parameter::zeroGradient);

    GradientReport g = checker.check(layer, x1, mode);
    report.gradients.add(m + ": " + g);
    report.check(g.passed(), m + ": " + g);
  }

  /** Zeroes the gradients the layer lists (skipping what the contract already reported). */
  private void zeroGradients() {
    List<Parameter> parameters = layer.parameters();
    if (parameters == null) {
      return;
    }
    for (Parameter p : parameters) {
      if (p != null) {
        p.zeroGradient();
      }
    }
  }

  /**
   * Whether each of {@code other} is {@code factor} times {@code once}, to within float rounding
   * (a kernel may add a pass's terms into the gradient one by one rather than adding their sum,
   * and a parameters-only way back may order its sums differently).
   */
  private static boolean scaled(List<Tensor> once, List<Tensor> other, double factor) {
    for (int t = 0; t < once.size(); t++) {
      Tensor a = once.get(t);
      Tensor b = other.get(t);
      double scale = 0;
      for (int i = 0; i < a.size(); i++) {
        scale = Math.max(scale, Math.abs(factor * a.getFlat(i)));
      }
      for (int i = 0; i < a.size(); i++) {
        if (!(Math.abs(b.getFlat(i) - factor * a.getFlat(i)) <= 1e-4 * scale)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The layer's {@code toString()}, or its type name when that is {@code Object}'s. */
  private static String describe(Layer layer) {
    String text = layer.toString();
    String objectDefault = layer.getClass().getName() + "@";
    return text == null || text.startsWith(objectDefault) ? layer.typeName() : text;
  }

  private List<Tensor> gradients() {
    List<Tensor> grads = new ArrayList<>();
    for (Parameter p : layer.parameters()) {
      grads.add(p.gradient().copy());
    }
    return grads;
  }

  private static String modeName(boolean training) {
    return training ? "training" : "inference";
  }

  /** What a contract run found. */
  public static final class Report {
    private final String layer;
    private final Shape inputShape;
    private final List<String> failures = new ArrayList<>();
    private final List<String> gradients = new ArrayList<>();
    private long parameterCount;

    private Report(String layer, Shape inputShape) {
      this.layer = layer;
      this.inputShape = inputShape;
    }

    void check(boolean ok, String failure) {
      if (!ok) {
        failures.add(failure);
      }
    }

    void fail(String failure) {
      failures.add(failure);
    }

    public boolean passed() {
      return failures.isEmpty();
    }

    /** One line per broken promise; empty when the layer passed. */
    public List<String> failures() {
      return List.copyOf(failures);
    }

    /** The gradient check summaries, one per mode checked, passed or not. */
    public List<String> gradientChecks() {
      return List.copyOf(gradients);
    }

    /** The number of trainable scalars the layer reported. */
    public long parameterCount() {
      return parameterCount;
    }

    /**
     * A header saying whether the layer passed, one line per failure, then the gradient checks
     * that passed (a failed one is already among the failures).
     */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("layer contract for " + layer + " on "
          + BatchShapes.describe(inputShape) + ": " + (passed() ? "passed" : "FAILED"));
      failures.forEach(f -> sb.append("\n  - ").append(f));
      gradients.stream().filter(g -> !failures.contains(g))
          .forEach(g -> sb.append("\n  ").append(g));
      return sb.toString();
    }
  }
}
