package dev.lamina.training.loss;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.Forward;
import dev.lamina.layers.GradientChecker;
import dev.lamina.layers.GradientReport;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The contract every {@link Loss} should keep, as a check any test framework can run, on one batch
 * of predictions and targets:
 *
 * <ul>
 *   <li>{@code compute} gives a finite value, the same bits as {@code value}, a gradient shaped
 *       like the predictions, the same bits on a second call, and modifies neither argument;
 *   <li>the gradient agrees with finite differences of the value ({@link GradientChecker}): a loss
 *       that assigns a new tensor to its {@code gradient} argument instead of writing into it fails
 *       here, its gradient being zeros;
 *   <li>for a loss that {@link Loss#fusesWithSoftmax() fuses with Softmax}, the same for the
 *       logits path, and its value from the logits agrees (to 1e-4, relative) with its value from
 *       the Softmax's output.
 * </ul>
 *
 * <p>For a fused loss the predictions must be probabilities (each row positive, summing to 1):
 * the logits path is checked at their logarithms, which a Softmax turns back into them.
 *
 * <pre>{@code
 * LossContract.check(new MeanAbsoluteError(), predictions, targets);  // throws when broken
 * }</pre>
 */
public final class LossContract {
  private static final double FUSED_TOLERANCE = 1e-4;

  /**
   * The {@link GradientChecker} defaults with a step of 1e-3: a loss's curvature near a small
   * probability ({@code -log p}) makes 1e-2 too coarse, and its float32 value, taken over a whole
   * batch, still resolves 1e-3.
   */
  private static final GradientChecker CHECKER = GradientChecker.builder().epsilon(1e-3).build();

  private LossContract() {}

  /**
   * Runs every check on {@code predictions} ({@code [N, ...]}) and {@code targets} (as {@link Loss}
   * takes them), neither modified, and returns the gradient reports (the logits path's second,
   * for a fused loss); throws {@link IllegalStateException} listing every failure. Finite
   * differences step each prediction by 1e-3, so for a loss defined on probabilities keep them
   * at least 0.01 from 0 and 1.
   */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets) {
    return check(loss, predictions, targets, CHECKER);
  }

  /** {@link #check(Loss, Tensor, Tensor)} with the finite differences of {@code checker}. */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets,
      GradientChecker checker) {
    checkNotNull(loss, "loss");
    checkNotNull(checker, "checker");
    checkNotNull(predictions, "predictions");
    checkNotNull(targets, "targets");
    String name = loss.name();
    Tensor logits = loss.fusesWithSoftmax() ? logarithms(name, predictions) : null;
    Tensor t = targets.copy(); // the loss sees copies: the caller's tensors are never modified
    List<String> failures = new ArrayList<>();
    List<GradientReport> reports = new ArrayList<>();
    reports.add(checkPath(checker, name, "", predictions.copy(), t, failures,
        p -> loss.compute(p, t), p -> loss.value(p, t)));
    if (logits != null && failures.isEmpty()) {
      reports.add(checkPath(checker, name, " from logits", logits, t, failures,
          z -> loss.computeFromLogits(z, Softmax.softmax(z), t),
          z -> loss.valueFromLogits(z, t)));
      double fused = loss.valueFromLogits(logits, t);
      double plain = loss.value(Softmax.softmax(logits), t);
      if (!(Math.abs(fused - plain) <= FUSED_TOLERANCE * Math.max(1, Math.abs(plain)))) {
        failures.add(String.format("its value from logits, %s, disagrees with its value from the"
            + " Softmax's output, %s", fused, plain));
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "loss contract for " + name + " failed:\n  " + String.join("\n  ", failures));
    }
    return reports;
  }

  private static GradientReport checkPath(GradientChecker checker, String name, String path,
      Tensor at, Tensor targets, List<String> failures, Function<Tensor, LossResult> compute,
      Function<Tensor, Float> value) {
    Tensor atBefore = at.copy();
    Tensor targetsBefore = targets.copy();
    LossResult first = compute.apply(at);
    String what = "compute" + path;
    if (!at.equals(atBefore) || !targets.equals(targetsBefore)) {
      failures.add(what + " modified its " + (at.equals(atBefore) ? "targets" : "input"));
      return null; // every later check would see the modified tensors
    }
    if (!Float.isFinite(first.value())) {
      failures.add(what + " gave the value " + first.value());
    }
    if (Float.floatToRawIntBits(first.value())
        != Float.floatToRawIntBits(value.apply(at))) {
      failures.add(what + "'s value " + first.value() + " differs from value" + path + "'s "
          + value.apply(at));
    }
    if (!first.gradient().shape().equals(at.shape())) {
      failures.add(what + "'s gradient is " + first.gradient().shape() + " for input "
          + at.shape());
      return null;
    }
    LossResult second = compute.apply(at);
    if (Float.floatToRawIntBits(first.value()) != Float.floatToRawIntBits(second.value())
        || !first.gradient().equals(second.gradient())) {
      failures.add(what + " gave other bits on a second call (state kept on the loss?)");
    }
    GradientReport report = checker.check(new AsLayer(name, value, first.gradient()), at, false);
    if (!report.passed()) {
      failures.add("the gradient" + path + " disagrees with finite differences: " + report);
    }
    return report;
  }

  private static Tensor logarithms(String name, Tensor probabilities) {
    Tensor logits = probabilities.copy();
    for (int i = 0; i < logits.size(); i++) {
      float p = logits.getFlat(i);
      checkArgument(p > 0, "LossContract: %s fuses with Softmax, so its predictions must be"
          + " positive probabilities (their logarithms are the logits), got %s at %s", name, p, i);
      logits.setFlat(i, (float) Math.log(p));
    }
    return logits;
  }

  /**
   * The loss as a layer from its input to its one value, for the {@link GradientChecker}; its
   * backward is the loss's analytic gradient, scaled by the checker's output gradient.
   */
  private static final class AsLayer implements Layer {
    private final String name;
    private final Function<Tensor, Float> value;
    private final Tensor gradient;

    AsLayer(String name, Function<Tensor, Float> value, Tensor gradient) {
      this.name = name;
      this.value = value;
      this.gradient = gradient;
    }

    @Override
    public Shape outputShape(Shape input) {
      return Shape.of(1);
    }

    @Override
    public Forward forward(Tensor input, boolean training) {
      Tensor out = Tensor.of(Shape.of(1), value.apply(input));
      UnaryOperator<Tensor> backward = g -> {
        Tensor scaled = gradient.copy();
        scaled.scaleInPlace(g.getFlat(0));
        return scaled;
      };
      return Forward.of(out, backward);
    }

    @Override
    public String typeName() {
      return name;
    }
  }
}
