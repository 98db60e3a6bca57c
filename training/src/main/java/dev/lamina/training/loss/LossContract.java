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
  private static final double STEP = 1e-3;
  /**
   * Below this a sample's gradient element is compared absolutely: float32 sample values of 10 to
   * 20 (cross-entropy of a confident mistake) stepped by 1e-3 give differences good to a few 1e-3.
   */
  private static final double SAMPLE_FLOOR = 0.1;
  /** GradientChecker's default floor, kept for small batches. */
  private static final double FLOOR = 1e-2;

  private LossContract() {}

  /**
   * Runs every check on {@code predictions} ({@code [N, ...]}) and {@code targets} (as {@link Loss}
   * takes them), neither modified, and returns the gradient reports (the logits path's second,
   * for a fused loss); throws {@link IllegalStateException} listing every failure. The finite
   * differences see one sample's value change at a time (not the float32 mean of the batch) and
   * step each element by 1e-3; a fused loss's probabilities by a tenth of their distance to 0 or
   * 1 where that is smaller, since {@code -log p} curves fast near 0 and a step past 1 is no
   * longer a probability. A loss of your own with a narrow domain may need steps of its own:
   * pass a checker to {@link #check(Loss, Tensor, Tensor, GradientChecker)}.
   */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets) {
    checkNotNull(loss, "loss");
    checkNotNull(predictions, "predictions");
    GradientChecker fixedStep = checker(predictions).epsilon(STEP).build();
    GradientChecker predictionsChecker = loss.fusesWithSoftmax()
        ? checker(predictions).step(LossContract::probabilityStep).build() : fixedStep;
    return check(loss, predictions, targets, predictionsChecker, fixedStep);
  }

  /**
   * {@link #check(Loss, Tensor, Tensor)} with the finite differences of {@code checker}, for the
   * predictions and the logits alike.
   */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets,
      GradientChecker checker) {
    return check(loss, predictions, targets, checker, checker);
  }

  static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets,
      GradientChecker predictionsChecker, GradientChecker logitsChecker) {
    checkNotNull(loss, "loss");
    checkNotNull(predictionsChecker, "checker");
    checkNotNull(logitsChecker, "checker");
    checkNotNull(predictions, "predictions");
    checkNotNull(targets, "targets");
    String name = loss.name();
    Tensor logits = loss.fusesWithSoftmax() ? logarithms(name, predictions) : null;
    Tensor t = targets.copy(); // the loss sees copies: the caller's tensors are never modified
    List<String> failures = new ArrayList<>();
    List<GradientReport> reports = new ArrayList<>();
    reports.add(checkPath(predictionsChecker, name, "", predictions.copy(), t, failures,
        p -> loss.compute(p, t), p -> loss.value(p, t), p -> loss.sampleValues(p, t, false)));
    if (logits != null && failures.isEmpty()) {
      reports.add(checkPath(logitsChecker, name, " from logits", logits, t, failures,
          z -> loss.computeFromLogits(z, Softmax.softmax(z), t),
          z -> loss.valueFromLogits(z, t), z -> loss.sampleValues(z, t, true)));
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
      Function<Tensor, Float> value, UnaryOperator<Tensor> sampleValues) {
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
    GradientReport report;
    try {
      report = checker.check(new AsLayer(name, sampleValues, first.gradient()), at, false);
    } catch (IllegalArgumentException e) {
      failures.add("finite differences" + path + " stepped an element out of what the loss"
          + " takes (" + e.getMessage() + "); give inputs a step inside its domain");
      return null;
    }
    if (!report.passed()) {
      GradientReport.Element worst = report.worst();
      boolean offDomain = Double.isFinite(worst.analytic()) && !Double.isFinite(worst.numeric());
      failures.add("the gradient" + path + " disagrees with finite differences: " + report
          + (offDomain ? "; the value was not finite one step from that element: out of what"
              + " the loss takes? give inputs a step inside its domain" : ""));
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
   * The default checker's settings for {@code predictions}: the loss's gradient is a mean over the
   * N samples, so the floor below which errors count absolutely is a sample's divided by N (a
   * fixed floor would hide errors of a sample's size in a large batch).
   */
  private static GradientChecker.Builder checker(Tensor predictions) {
    int n = predictions.rank() >= 1 ? Math.max(1, predictions.dim(0)) : 1;
    return GradientChecker.builder().floor(Math.min(FLOOR, SAMPLE_FLOOR / n));
  }

  /**
   * 1e-3, or a tenth of the distance from {@code p} to 0 or to 1 where that is smaller; 1e-3 at or
   * beyond 0 and 1, where the loss then names the step it refuses.
   */
  static double probabilityStep(double p) {
    double h = Math.min(STEP, Math.min(p, 1 - p) / 10);
    return h > 0 && (float) (p + h) > (float) (p - h) ? h : STEP;
  }

  /**
   * The loss as a layer from its input {@code [N, ...]} to each sample's share of the mean,
   * {@code [N]}; its backward is the loss's analytic gradient, each sample's row scaled by that
   * sample's output gradient.
   */
  private static final class AsLayer implements Layer {
    private final String name;
    private final UnaryOperator<Tensor> sampleValues;
    private final Tensor gradient;

    AsLayer(String name, UnaryOperator<Tensor> sampleValues, Tensor gradient) {
      this.name = name;
      this.sampleValues = sampleValues;
      this.gradient = gradient;
    }

    @Override
    public Shape outputShape(Shape input) {
      return Shape.of(input.dim(0));
    }

    @Override
    public Forward forward(Tensor input, boolean training) {
      Tensor shares = sampleValues.apply(input);
      shares.scaleInPlace(1f / input.dim(0));
      UnaryOperator<Tensor> backward = g -> {
        Tensor scaled = gradient.copy();
        int row = scaled.size() / g.size();
        for (int i = 0; i < scaled.size(); i++) {
          scaled.setFlat(i, scaled.getFlat(i) * g.getFlat(i / row));
        }
        return scaled;
      };
      return Forward.of(shares, backward);
    }

    @Override
    public String typeName() {
      return name;
    }
  }
}
