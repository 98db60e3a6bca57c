package dev.lamina.training.loss;

import dev.lamina.layers.GradientReport;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Central finite differences of a loss, one sample at a time, against {@code N} times its
 * gradient (the loss is the mean of its samples' values).
 *
 * <p>A sample's value is a float32, so a difference of two values is only good to their rounding,
 * {@code slack = (ulp(v+) + ulp(v-)) / (x+ - x-)} (twice what rounding each once can do); the
 * relative error is {@code max(0, |a - n| - slack) / max(|a|, |n|, 1e-4)}. An element is
 * compared at its step when the slack there is under half the tolerance of its gradient.
 * Otherwise (a sample of many elements, or of large values, whose value's rounding exceeds the
 * change one element makes) it is compared at a wider step, one whose slack is about a sixteenth
 * of the tolerance (at most 10,000 times the first step), if the difference there agrees with the
 * one at twice that step. An element for which that fails (a gradient below what float32
 * resolves, a kink or strong curvature within the wide step, or the loss refusing it) counts as
 * unresolved; {@link LossContract} fails a path whose every element is unresolved or a kink.
 * An element that mismatches at its step is compared again at half the step, a quarter, ... (to
 * a 64th, while the rounding allows): a kink within the step, or curvature, explains a mismatch
 * that a smaller step removes. If none does, and at the smallest of those steps the one-sided
 * differences disagree and the analytic gradient matches one of them, the element sits on a kink
 * (an absolute error at 0) and is skipped.
 *
 * <p>At most {@link #MAX_ROWS} samples are checked (the first, the last and seeded random ones)
 * and at most {@link #MAX_PER_ROW} elements of each: first the elements with the largest
 * targets (up to half of them; a one-hot target puts the whole gradient of a cross-entropy on its
 * class) and the one with the largest gradient, then the first, the last and seeded random ones.
 */
final class SampleDifferences {
  private static final double TOLERANCE = 1e-2;
  private static final double FLOOR = 1e-4;
  private static final int MAX_ROWS = 64;
  private static final int MAX_PER_ROW = 32;
  private static final double MAX_WIDENING = 1e4;
  private static final int REFINEMENTS = 6;
  private static final long SEED = 1L;

  /** One sample's value ({@code sample} and {@code target} shaped as one sample). */
  interface SampleValue {
    float at(Tensor sample, Tensor target);
  }

  private final DoubleUnaryOperator stepAt;

  SampleDifferences(DoubleUnaryOperator stepAt) {
    this.stepAt = stepAt;
  }

  /**
   * Compares {@code gradient} (of the mean loss, shaped like {@code at}) with finite differences
   * of {@code value} at {@code at} ({@code [N, ...]}, left as it was) for the dense {@code
   * targets}. The loss's {@link IllegalArgumentException} for a step out of its domain and an
   * {@link IllegalStateException} for a step that does not move an element pass through.
   */
  GradientReport check(Tensor at, Tensor targets, Tensor gradient, SampleValue value) {
    int n = at.dim(0);
    Shape sampleShape = at.shape().dropFirst();
    int size = sampleShape.size();
    SplittableRandom random = new SplittableRandom(SEED);
    int checked = 0;
    int kinks = 0;
    int unresolved = 0;
    GradientReport.Element worst = null;
    for (int row : pick(n, MAX_ROWS, random, new int[0])) {
      Sample sample = new Sample(
          Tensor.wrap(sampleShape, at.data(), at.offset() + row * size).copy(),
          Tensor.wrap(sampleShape, targets.data(), targets.offset() + row * size), value);
      float base = sample.value();
      for (int j : pick(size, MAX_PER_ROW, random, priority(sample.target, gradient, row * size))) {
        float x = sample.values.getFlat(j);
        double h = stepAt.applyAsDouble(x);
        Difference d = sample.difference(j, h);
        if (d == null) {
          throw new IllegalStateException(String.format("the step at %s (element %s of sample"
              + " %s) is %s, which does not make x - step and x + step two distinct, finite"
              + " float32 values", x, j, row, h));
        }
        double a = (double) gradient.getFlat(row * size + j) * n;
        checked++;
        boolean widened = false;
        if (d.finite() && !d.resolves(a)) {
          d = sample.widened(j, h, d, a);
          if (d == null) {
            unresolved++;
            continue;
          }
          widened = true;
        }
        double error = error(a, d.numeric(), d.slack());
        if (error > TOLERANCE && !widened) {
          d = sample.refined(j, h, d, a);
          error = error(a, d.numeric(), d.slack());
          if (error > TOLERANCE && isKink(a, base, x, d)) {
            kinks++;
            continue;
          }
        }
        boolean nan = Double.isNaN(error);
        if (worst == null || (nan && !Double.isNaN(worst.relativeError()))
            || error > worst.relativeError()) {
          worst = new GradientReport.Element("input", at.shape().coordinates(row * size + j),
              a / n, d.numeric() / n, error);
        }
      }
    }
    return new GradientReport(TOLERANCE, checked, kinks, unresolved, worst);
  }

  /** One sample, stepped an element at a time and restored. */
  private static final class Sample {
    final Tensor values;
    final Tensor target;
    private final SampleValue value;

    Sample(Tensor values, Tensor target, SampleValue value) {
      this.values = values;
      this.target = target;
      this.value = value;
    }

    float value() {
      return value.at(values, target);
    }

    /** The central difference at element {@code j} by {@code h}; null if it moves nothing. */
    Difference difference(int j, double h) {
      float x = values.getFlat(j);
      float up = (float) (x + h);
      float down = (float) (x - h);
      if (!(h > 0) || !Float.isFinite(up) || !Float.isFinite(down) || !(up > down)) {
        return null;
      }
      try {
        values.setFlat(j, up);
        float valueUp = value();
        values.setFlat(j, down);
        return new Difference(up, down, valueUp, value());
      } finally {
        values.setFlat(j, x);
      }
    }

    /**
     * For a mismatch at step {@code h}: the difference at h/2, h/4, ... (down to h/64, while the
     * rounding still resolves {@code a}) that matches {@code a}, or else the one at the smallest
     * of those steps, where curvature and a kink's distance from the element matter least.
     */
    Difference refined(int j, double h, Difference d, double a) {
      Difference smallest = d;
      for (int k = 1; k <= REFINEMENTS; k++) {
        Difference finer = difference(j, h / (1 << k));
        if (finer == null || !finer.finite() || !finer.resolves(a)) {
          break;
        }
        smallest = finer;
        if (error(a, finer.numeric(), finer.slack()) <= TOLERANCE) {
          break;
        }
      }
      return smallest;
    }

    /**
     * The difference at a step wide enough to resolve {@code a}: twice the step that would scale
     * {@code base}'s slack (which falls as the step grows) down to an eighth of the tolerance, so
     * a sixteenth, and at most {@link #MAX_WIDENING} times {@code h}. It is returned if it does
     * resolve {@code a} and agrees with the difference at twice that step (no kink or curvature
     * between them); null otherwise, or when the loss refuses the step.
     */
    Difference widened(int j, double h, Difference base, double a) {
      double target = TOLERANCE / 8 * Math.max(FLOOR, Math.abs(a));
      double wide = 2 * h * base.slack() / target;
      if (!(wide <= MAX_WIDENING * h)) {
        return null;
      }
      Difference d;
      Difference twice;
      try {
        d = difference(j, wide);
        twice = difference(j, 2 * wide);
      } catch (IllegalArgumentException outOfDomain) {
        return null;
      }
      if (d == null || twice == null || !d.finite() || !twice.finite() || !d.resolves(a)) {
        return null;
      }
      // judged against the two differences alone, and only where their rounding is well below
      // them: a floor, or a slack as large as the differences, would let two kinked ones agree
      double larger = Math.max(Math.abs(d.numeric()), Math.abs(twice.numeric()));
      boolean resolved = d.slack() + twice.slack() <= TOLERANCE / 4 * larger;
      boolean agree = Math.abs(d.numeric() - twice.numeric()) <= TOLERANCE / 2 * larger;
      return resolved && agree ? d : null;
    }
  }

  /** The values one step either side of an element. */
  private record Difference(float up, float down, float valueUp, float valueDown) {
    double numeric() {
      return ((double) valueUp - valueDown) / ((double) up - down);
    }

    double slack() {
      return (Math.ulp(valueUp) + Math.ulp(valueDown)) / ((double) up - down);
    }

    boolean finite() {
      return Float.isFinite(valueUp) && Float.isFinite(valueDown);
    }

    /** Whether the rounding is under half the tolerance of {@code a} (or of this). */
    boolean resolves(double a) {
      return slack() <= TOLERANCE / 2 * Math.max(FLOOR, Math.max(Math.abs(a),
          Math.abs(numeric())));
    }
  }

  /** The relative error beyond the rounding {@code slack}; NaN when either side is not finite. */
  private static double error(double a, double b, double slack) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.NaN;
    }
    return Math.max(0, Math.abs(a - b) - slack) / Math.max(FLOOR, Math.max(Math.abs(a),
        Math.abs(b)));
  }

  /**
   * Whether {@code a}'s mismatch with {@code d} is a kink's: the one-sided differences disagree
   * and {@code a} matches one of them.
   */
  private static boolean isKink(double a, float base, float x, Difference d) {
    double right = ((double) d.valueUp() - base) / ((double) d.up() - x);
    double left = ((double) base - d.valueDown()) / ((double) x - d.down());
    double rightSlack = (Math.ulp(d.valueUp()) + Math.ulp(base)) / ((double) d.up() - x);
    double leftSlack = (Math.ulp(base) + Math.ulp(d.valueDown())) / ((double) x - d.down());
    return error(left, right, leftSlack + rightSlack) > TOLERANCE
        && Math.min(error(a, left, leftSlack), error(a, right, rightSlack)) <= TOLERANCE;
  }

  /**
   * The elements of one sample to check before any other: those with the largest non-zero
   * targets (at most half of {@link #MAX_PER_ROW}), then the largest gradient.
   */
  private static int[] priority(Tensor target, Tensor gradient, int offset) {
    int[] targeted = IntStream.range(0, target.size())
        .filter(j -> target.getFlat(j) != 0)
        .boxed()
        .sorted(Comparator.comparingDouble(j -> -Math.abs(target.getFlat(j))))
        .limit(MAX_PER_ROW / 2)
        .mapToInt(Integer::intValue)
        .toArray();
    int largest = 0;
    for (int j = 1; j < target.size(); j++) {
      if (Math.abs(gradient.getFlat(offset + j)) > Math.abs(gradient.getFlat(offset + largest))) {
        largest = j;
      }
    }
    int[] first = Arrays.copyOf(targeted, targeted.length + 1);
    first[targeted.length] = largest;
    return first;
  }

  /**
   * Up to {@code count} distinct indices below {@code size}: {@code first}, then 0, then {@code
   * size - 1}, then seeded random ones; all of them, in order, when there are no more.
   */
  private static int[] pick(int size, int count, SplittableRandom random, int[] first) {
    if (size <= count) {
      return IntStream.range(0, size).toArray();
    }
    Set<Integer> picked = new LinkedHashSet<>();
    for (int i : first) {
      picked.add(i);
    }
    picked.add(0);
    picked.add(size - 1);
    while (picked.size() < count) {
      picked.add(random.nextInt(size));
    }
    return picked.stream().limit(count).mapToInt(Integer::intValue).toArray();
  }
}
