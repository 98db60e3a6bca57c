package dev.lamina.training.loss;

import dev.lamina.layers.GradientReport;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Central finite differences of a loss, one sample at a time, against {@code N} times its
 * gradient (the loss is the mean of its samples' values).
 *
 * <p>A sample's value is a float32, so a difference of two values is only good to their rounding:
 * the comparison allows twice their ulps over the step, {@code slack = 2 (ulp(v+) + ulp(v-)) /
 * (x+ - x-)}, and the relative error is {@code max(0, |a - n| - slack) / max(|a|, |n|, 1e-4)}.
 * An element whose gradient is below that rounding is thus compared only as far as float32
 * allows. Where the value has a kink within the step (an absolute error at 0) the one-sided
 * differences disagree; such an element counts as a kink and is skipped when the analytic
 * gradient matches one side, as in {@link dev.lamina.layers.GradientChecker}.
 *
 * <p>At most {@link #MAX_ROWS} samples are checked (the first, the last and seeded random ones)
 * and at most {@link #MAX_PER_ROW} elements of each: every element where the target is non-zero
 * (up to half of them) and the one with the largest gradient first, since a one-hot target puts
 * the whole gradient of a cross-entropy there, then the first, the last and seeded random ones.
 */
final class SampleDifferences {
  static final double TOLERANCE = 1e-2;
  static final double FLOOR = 1e-4;
  static final int MAX_ROWS = 64;
  static final int MAX_PER_ROW = 32;
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
    GradientReport.Element worst = null;
    for (int row : pick(n, MAX_ROWS, random, new int[0])) {
      Tensor sample = Tensor.wrap(sampleShape, at.data(), at.offset() + row * size).copy();
      Tensor target = Tensor.wrap(sampleShape, targets.data(), targets.offset() + row * size);
      float base = value.at(sample, target);
      for (int j : pick(size, MAX_PER_ROW, random, priority(target, gradient, row * size))) {
        float x = sample.getFlat(j);
        double h = stepAt.applyAsDouble(x);
        float up = (float) (x + h);
        float down = (float) (x - h);
        if (!(h > 0) || !Float.isFinite(up) || !Float.isFinite(down) || !(up > down)) {
          throw new IllegalStateException(String.format("the step at %s (element %s of sample"
              + " %s) is %s, which does not make x - step and x + step two distinct, finite"
              + " float32 values", x, j, row, h));
        }
        float valueUp = valueAt(sample, j, up, target, value);
        float valueDown = valueAt(sample, j, down, target, value);
        sample.setFlat(j, x);
        double a = (double) gradient.getFlat(row * size + j) * n;
        double numeric = ((double) valueUp - valueDown) / ((double) up - down);
        double error = error(a, numeric, slack(valueUp, valueDown, (double) up - down));
        checked++;
        if (error > TOLERANCE && isKink(a, base, x, up, down, valueUp, valueDown)) {
          kinks++;
          continue;
        }
        boolean nan = Double.isNaN(error);
        if (worst == null || (nan && !Double.isNaN(worst.relativeError()))
            || error > worst.relativeError()) {
          worst = new GradientReport.Element("input", at.shape().coordinates(row * size + j),
              a / n, numeric / n, error);
        }
      }
    }
    return new GradientReport(TOLERANCE, checked, kinks, worst);
  }

  private static float valueAt(Tensor sample, int j, float x, Tensor target, SampleValue value) {
    sample.setFlat(j, x);
    return value.at(sample, target);
  }

  private static double slack(float valueUp, float valueDown, double width) {
    return 2 * (Math.ulp(valueUp) + Math.ulp(valueDown)) / width;
  }

  /** The relative error beyond the rounding {@code slack}; NaN when either side is not finite. */
  private static double error(double a, double b, double slack) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.NaN;
    }
    return Math.max(0, Math.abs(a - b) - slack) / Math.max(FLOOR, Math.max(Math.abs(a),
        Math.abs(b)));
  }

  private static boolean isKink(double a, float base, float x, float up, float down,
      float valueUp, float valueDown) {
    double right = ((double) valueUp - base) / ((double) up - x);
    double left = ((double) base - valueDown) / ((double) x - down);
    double rightSlack = slack(valueUp, base, (double) up - x);
    double leftSlack = slack(base, valueDown, (double) x - down);
    return error(left, right, leftSlack + rightSlack) > TOLERANCE
        && Math.min(error(a, left, leftSlack), error(a, right, rightSlack)) <= TOLERANCE;
  }

  /**
   * The elements of one sample to check before any other: where the target is non-zero (at most
   * half of {@link #MAX_PER_ROW}) and the largest gradient.
   */
  private static int[] priority(Tensor target, Tensor gradient, int offset) {
    Set<Integer> first = new LinkedHashSet<>();
    for (int j = 0; j < target.size() && first.size() < MAX_PER_ROW / 2; j++) {
      if (target.getFlat(j) != 0) {
        first.add(j);
      }
    }
    int largest = 0;
    for (int j = 1; j < target.size(); j++) {
      if (Math.abs(gradient.getFlat(offset + j)) > Math.abs(gradient.getFlat(offset + largest))) {
        largest = j;
      }
    }
    first.add(largest);
    return first.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Up to {@code count} distinct indices below {@code size}: {@code first}, then 0, then {@code
   * size - 1}, then seeded random ones; all of them, in order, when there are no more.
   */
  private static int[] pick(int size, int count, SplittableRandom random, int[] first) {
    if (size <= count) {
      int[] all = new int[size];
      Arrays.setAll(all, i -> i);
      return all;
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
