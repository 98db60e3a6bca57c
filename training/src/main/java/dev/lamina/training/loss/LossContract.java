package dev.lamina.training.loss;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.GradientReport;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * The contract every {@link Loss} should keep, as a check any test framework can run, on one batch
 * of predictions and targets:
 *
 * <ul>
 *   <li>{@code compute} gives a finite value, the same bits as {@code value}, a gradient shaped
 *       like the predictions, the same bits on a second call, and modifies neither argument;
 *   <li>the gradient agrees with central finite differences of each sample's value: a loss that
 *       assigns a new tensor to its {@code gradient} argument instead of writing into it fails
 *       here, its gradient being zeros;
 *   <li>for a loss that {@link Loss#fusesWithSoftmax() fuses with Softmax}, the same for the
 *       logits path, and its value from the logits agrees (to 1e-4, relative) with its value from
 *       the Softmax's output.
 * </ul>
 *
 * <p>The finite differences step one element of one sample at a time and compare the change in
 * that sample's value with {@code N} times the gradient (the loss being the mean over {@code N}
 * samples), to 1% beyond the rounding of the two float32 values: compute a sample's value in
 * double and round it once, as the built-in losses do, or the rounding of a float sum can exceed
 * that allowance. An element is stepped by {@code 1e-3 · max(1, |x|)}; a fused loss's
 * probabilities by a tenth of their distance to 0 or 1 where that is smaller (by one float32 ulp
 * where even that does not move them), since {@code -log p} curves fast near 0 and a step past 1
 * is no longer a probability. Where one element's change is lost in the rounding (many elements a
 * sample, or large values) the step widens, up to 10,000 times, if the differences at the wider
 * step and at twice it agree; an element no step resolves counts as unresolved, and a path none
 * of whose elements is resolved fails. A mismatch is looked at again with smaller steps (a kink
 * or curvature within the step explains one that they remove); one that remains where the
 * one-sided differences disagree and the gradient matches one of them is a kink, skipped. Up to
 * 64 samples are checked and up to 32 elements of each, those with the largest targets and the
 * largest gradient first. A loss of your own with a narrow domain may need steps of its own:
 * {@link #check(Loss, Tensor, Tensor, DoubleUnaryOperator)}.
 *
 * <p>What float32 values cannot show, it cannot check: an error confined to elements whose
 * change is lost in the rounding (cross-entropy's non-target logits among a thousand classes or
 * more, say) can pass, and a piecewise loss whose flat side lies within a step of many elements
 * (a hinge, an ε-insensitive loss) or whose kinks are much closer than {@code 1e-3 · |x|} can
 * fail though correct; test such a loss at inputs away from its kinks, or with steps of its own.
 *
 * <p>For a fused loss the predictions must be probabilities (each row positive, summing to 1):
 * the logits path is checked at their logarithms, which a Softmax turns back into them. For
 * {@link CrossEntropy}, keep the probability of each target class above {@link
 * CrossEntropy#EPSILON}: below it the value is clamped while the gradient still points up.
 *
 * <pre>{@code
 * LossContract.check(new MeanAbsoluteError(), predictions, targets);  // throws when broken
 * }</pre>
 */
public final class LossContract {
  private static final double FUSED_TOLERANCE = 1e-4;
  private static final double STEP = 1e-3;

  private LossContract() {}

  /**
   * Runs every check on {@code predictions} ({@code [N, ...]}) and {@code targets} (as {@link Loss}
   * takes them), neither modified, and returns the gradient reports (the logits path's second,
   * for a fused loss); throws {@link IllegalStateException} listing every failure.
   */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets) {
    checkNotNull(loss, "loss");
    return check(loss, predictions, targets,
        loss.fusesWithSoftmax() ? LossContract::probabilityStep : LossContract::step);
  }

  /**
   * {@link #check(Loss, Tensor, Tensor)} with the predictions' elements stepped by {@code
   * stepAt.applyAsDouble(x)} (positive, and moving {@code x} both ways in float32), for a loss
   * whose domain is narrower than the default steps allow; a fused loss's logits are stepped as
   * by default.
   */
  public static List<GradientReport> check(Loss loss, Tensor predictions, Tensor targets,
      DoubleUnaryOperator stepAt) {
    checkNotNull(loss, "loss");
    checkNotNull(predictions, "predictions");
    checkNotNull(targets, "targets");
    checkNotNull(stepAt, "stepAt");
    String name = loss.name();
    Tensor logits = loss.fusesWithSoftmax() ? logarithms(name, predictions) : null;
    Tensor t = targets.copy(); // the loss sees copies: the caller's tensors are never modified
    List<String> failures = new ArrayList<>();
    List<GradientReport> reports = new ArrayList<>();
    reports.add(checkPath(new SampleDifferences(stepAt), loss, "", predictions.copy(), t,
        failures, p -> loss.compute(p, t), p -> loss.value(p, t), loss::sampleValue));
    if (logits != null && failures.isEmpty()) {
      reports.add(checkPath(new SampleDifferences(LossContract::step), loss, " from logits",
          logits, t, failures, z -> loss.computeFromLogits(z, Softmax.softmax(z), t),
          z -> loss.valueFromLogits(z, t), loss::sampleValueFromLogits));
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

  private static GradientReport checkPath(SampleDifferences differences, Loss loss, String path,
      Tensor at, Tensor targets, List<String> failures, Function<Tensor, LossResult> compute,
      Function<Tensor, Float> value, SampleDifferences.SampleValue sampleValue) {
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
      report = differences.check(at, loss.denseTargets(at, targets), first.gradient(),
          sampleValue);
    } catch (IllegalArgumentException e) {
      failures.add("finite differences" + path + " stepped an element out of what the loss"
          + " takes (" + e.getMessage() + "); give inputs a step inside its domain");
      return null;
    } catch (IllegalStateException e) {
      failures.add("finite differences" + path + ": " + e.getMessage());
      return null;
    }
    if (report.checked() > 0 && report.checked() == report.kinks() + report.unresolved()) {
      failures.add("finite differences" + path + " resolved no element's gradient (" + report
          + "): each element's change was lost in the float32 rounding of its sample's value,"
          + " or it sat on a kink; check with fewer elements a sample or inputs farther from"
          + " the loss's kinks");
    } else if (!report.passed()) {
      GradientReport.Element worst = report.worst();
      String hint = "";
      if (worst != null && Double.isFinite(worst.analytic()) && !Double.isFinite(worst.numeric())) {
        hint = "; the value was not finite one step from that element: out of what the loss"
            + " takes? give inputs a step inside its domain";
      } else if (worst != null && worst.numeric() == 0 && worst.analytic() != 0) {
        hint = "; the value did not change either side of that element: is it clamped there (as"
            + " CrossEntropy's below CrossEntropy.EPSILON)?";
      }
      failures.add("the gradient" + path + " disagrees with finite differences: " + report + hint);
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

  /** 1e-3, relative to {@code x} beyond 1: a fixed step would not move a large value. */
  static double step(double x) {
    return STEP * Math.max(1, Math.abs(x));
  }

  /**
   * 1e-3, or a tenth of the distance from {@code p} to 0 or to 1 where that is smaller, or one
   * float32 ulp of {@code p} where even that does not move it; 1e-3 outside {@code (0, 1]}, where
   * the loss then names the step it refuses.
   */
  static double probabilityStep(double p) {
    if (!(p > 0 && p <= 1)) {
      return STEP;
    }
    double h = Math.min(STEP, Math.min(p, 1 - p) / 10);
    return h > 0 && (float) (p + h) > (float) (p - h) ? h : Math.ulp((float) p);
  }
}
