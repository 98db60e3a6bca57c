package dev.lamina.layers;

import java.util.Arrays;
import java.util.Locale;

/**
 * The result of a {@link GradientChecker} run: how many elements were compared, how many sat on a
 * kink (a point where the function is not differentiable within epsilon, such as ReLU at 0, and the
 * analytic gradient matched one side), and the worst element with where it is.
 */
public final class GradientReport {
  private final double tolerance;
  private final int checked;
  private final int kinks;
  private final int unresolved;
  private final Element worst;

  /**
   * A report of {@code checked} elements compared against {@code tolerance}, {@code kinks} of them
   * skipped, and the {@code worst} of the rest (null when none): for a finite-difference check of
   * your own, such as {@code LossContract}'s, to report as {@link GradientChecker} does.
   */
  public GradientReport(double tolerance, int checked, int kinks, Element worst) {
    this(tolerance, checked, kinks, 0, worst);
  }

  /**
   * As {@link #GradientReport(double, int, int, Element)}, with {@code unresolved} of the checked
   * elements left uncompared: finite differences could not tell their gradient from the rounding
   * of the function's float32 values.
   */
  public GradientReport(double tolerance, int checked, int kinks, int unresolved, Element worst) {
    this.tolerance = tolerance;
    this.checked = checked;
    this.kinks = kinks;
    this.unresolved = unresolved;
    this.worst = worst;
  }

  /**
   * True when every compared element (kinks and unresolved elements aside) is within the
   * tolerance, and some element was compared if any was unresolved.
   */
  public boolean passed() {
    boolean noneCompared = unresolved > 0 && checked == kinks + unresolved;
    return !noneCompared && (worst == null || worst.relativeError() <= tolerance);
  }

  /** The number of checked elements whose gradient was below the float32 resolution. */
  public int unresolved() {
    return unresolved;
  }

  /** The relative-error threshold used. */
  public double tolerance() {
    return tolerance;
  }

  /** The number of elements checked, kinks and unresolved elements included. */
  public int checked() {
    return checked;
  }

  /** The number of compared elements skipped as kinks. */
  public int kinks() {
    return kinks;
  }

  /** The element with the largest relative error, or null when nothing was compared. */
  public Element worst() {
    return worst;
  }

  /** The largest relative error seen (0 when nothing was compared). */
  public double worstRelativeError() {
    return worst == null ? 0 : worst.relativeError();
  }

  @Override
  public String toString() {
    String head = String.format(Locale.ROOT, "gradient check %s: %d elements, %d kinks skipped, "
        + "%stolerance %.1e", passed() ? "passed" : "FAILED", checked, kinks, unresolved == 0 ? ""
        : unresolved + " unresolved (their gradient below the float32 rounding of the value), ",
        tolerance);
    return worst == null ? head : head + "; worst " + worst;
  }

  /** One compared element: which tensor, where, and the two gradients. */
  public static final class Element {
    private final String tensor;
    private final int[] index;
    private final double analytic;
    private final double numeric;
    private final double relativeError;

    /** The element {@code index} of {@code tensor}, its two gradients and their error. */
    public Element(String tensor, int[] index, double analytic, double numeric,
        double relativeError) {
      this.tensor = tensor;
      this.index = index.clone();
      this.analytic = analytic;
      this.numeric = numeric;
      this.relativeError = relativeError;
    }

    /** {@code input} or {@code parameter <name>}. */
    public String tensor() {
      return tensor;
    }

    /** The element's index, one coordinate per dimension. */
    public int[] index() {
      return index.clone();
    }

    public double analytic() {
      return analytic;
    }

    public double numeric() {
      return numeric;
    }

    public double relativeError() {
      return relativeError;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s%s: analytic %.6g, numeric %.6g, relative error %.3g",
          tensor, Arrays.toString(index), analytic, numeric, relativeError);
    }
  }
}
