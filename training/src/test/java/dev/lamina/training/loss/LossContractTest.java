package dev.lamina.training.loss;

import static dev.lamina.training.loss.LossTest.randomProbabilities;
import static dev.lamina.training.loss.LossTest.randomTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.GradientReport;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossContractTest {
  private final Tensor predictions = randomTensor(3, 4, 11);
  private final Tensor targets = randomTensor(3, 4, 12);

  /** Half the squared error per element: a loss whose gradient is {@code p - t}. */
  static class HalfSquares extends Loss {
    @Override
    protected float sampleValue(Tensor prediction, Tensor target) {
      double sum = 0;
      for (int i = 0; i < prediction.size(); i++) {
        double d = prediction.getFlat(i) - target.getFlat(i);
        sum += d * d / 2;
      }
      return (float) sum;
    }

    @Override
    protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
      for (int i = 0; i < prediction.size(); i++) {
        gradient.setFlat(i, prediction.getFlat(i) - target.getFlat(i));
      }
    }
  }

  private String failure(Loss loss, Tensor p, Tensor t) {
    Tensor before = p.copy();
    String message = assertThrows(IllegalStateException.class,
        () -> LossContract.check(loss, p, t)).getMessage();
    assertEquals(before, p, "the loss sees copies");
    return message;
  }

  @Test
  void aCorrectLossPassesAndItsArgumentsAreLeftAlone() {
    Tensor p = predictions.copy();
    Tensor t = targets.copy();

    assertTrue(LossContract.check(new HalfSquares(), p, t).get(0).passed());
    assertEquals(predictions, p);
    assertEquals(targets, t);
  }

  /** A batch's float mean would drown a small gradient in its rounding; a sample's does not. */
  @Test
  void aCorrectLossPassesOnLargeValuesAndAWholeBatch() {
    SplittableRandom random = new SplittableRandom(21);
    Tensor p = Tensor.zeros(Shape.of(64, 1));
    Tensor t = Tensor.zeros(Shape.of(64));
    for (int i = 0; i < 64; i++) {
      p.setFlat(i, (float) (100 + 10 * random.nextGaussian()));
      t.setFlat(i, (float) (110 + 10 * random.nextGaussian()));
    }

    assertTrue(LossContract.check(Losses.meanSquaredError(), p, t).get(0).passed());
  }

  /** Probabilities of a Softmax over N(0, 1) logits reach 0.003: the step follows them. */
  @Test
  void crossEntropyPassesOnSmallProbabilities() {
    SplittableRandom random = new SplittableRandom(22);
    Tensor logits = Tensor.zeros(Shape.of(64, 10));
    Tensor labels = Tensor.zeros(Shape.of(64));
    for (int i = 0; i < logits.size(); i++) {
      logits.setFlat(i, (float) random.nextGaussian());
    }
    for (int i = 0; i < 64; i++) {
      labels.setFlat(i, random.nextInt(10));
    }

    assertEquals(2, LossContract.check(Losses.crossEntropy(), Softmax.softmax(logits), labels)
        .stream().filter(GradientReport::passed).count());
  }

  /** One tiny prediction must not shrink every step: MSE is smooth at 0. */
  @Test
  void meanSquaredErrorPassesOnPredictionsNearZero() {
    Tensor p = gaussian(new SplittableRandom(23), 0.05, 64, 10);
    Tensor t = gaussian(new SplittableRandom(24), 0.05, 64, 10);

    assertTrue(LossContract.check(Losses.meanSquaredError(), p, t).get(0).passed());
  }

  /**
   * True classes at 2e-6, 0.9999, 1 - 6e-8 and 1 (a Softmax of [20, 0, 0] in float32): steps stay
   * inside (0, 1] and follow -log p.
   */
  @Test
  void crossEntropyPassesNearZeroAndNearOne() {
    Tensor p = Tensor.of(Shape.of(4, 3), 2e-6f, 0.5f, 0.499998f, 0.9999f, 0.00005f, 0.00005f,
        0.99999994f, 3e-8f, 3e-8f, 1f, 2e-9f, 2e-9f);
    Tensor labels = Tensor.of(Shape.of(4), 0, 0, 0, 0);

    assertEquals(2, LossContract.check(Losses.crossEntropy(), p, labels).stream()
        .filter(GradientReport::passed).count());
  }

  /**
   * Softmax of N(0, 2) logits (N(0, 1) for a thousand classes, whose smallest probabilities would
   * otherwise fall below CrossEntropy.EPSILON), as class indices and as probability targets.
   */
  @ParameterizedTest
  @CsvSource({"1, 10", "1, 100", "1, 1000", "3, 100", "64, 10", "64, 100", "512, 1000"})
  void crossEntropyPassesOnBatchesAndClassesOfManySizes(int n, int classes) {
    for (long seed = 0; seed < 3; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Tensor p = Softmax.softmax(gaussian(random, classes < 1000 ? 2 : 1, n, classes));
      Tensor labels = Tensor.zeros(Shape.of(n));
      for (int i = 0; i < n; i++) {
        labels.setFlat(i, random.nextInt(classes));
      }
      Tensor soft = Softmax.softmax(gaussian(random, 1, n, classes));

      assertEquals(2, LossContract.check(Losses.crossEntropy(), p, labels).stream()
          .filter(GradientReport::passed).count());
      assertEquals(2, LossContract.check(Losses.crossEntropy(), p, soft).stream()
          .filter(GradientReport::passed).count());
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 0", "3, 10, 1", "64, 10, 100", "512, 10, 100", "512, 1, 100", "3, 4, 1e4"})
  void meanSquaredErrorPassesAtManyScales(int n, int outputs, double mean) {
    for (long seed = 0; seed < 3; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Tensor p = gaussian(random, mean / 10 + 0.1, n, outputs);
      Tensor t = gaussian(random, mean / 10 + 0.1, n, outputs);
      p = p.map(v -> (float) (v + mean));
      t = t.map(v -> (float) (v + mean));

      assertTrue(LossContract.check(Losses.meanSquaredError(), p, t).get(0).passed());
    }
  }

  /**
   * A one-hot target puts a cross-entropy's whole gradient on one class in a hundred: a gradient
   * 3% off there fails, though most elements of the batch are zeros.
   */
  @Test
  void aWrongGradientAtTheTargetClassFailsAmongManyClasses() {
    Loss off = crossEntropyWithItsGradient((target, gradient) -> gradient.scaleInPlace(1.03f));
    SplittableRandom random = new SplittableRandom(27);
    Tensor p = Softmax.softmax(gaussian(random, 2, 64, 100));
    Tensor labels = Tensor.zeros(Shape.of(64));
    for (int i = 0; i < 64; i++) {
      labels.setFlat(i, random.nextInt(100));
    }

    assertTrue(failure(off, p, labels).contains("the gradient disagrees with finite differences"));
  }

  /**
   * A gradient off by 0.02 of a sample's (an absolute error) in a batch of 256: comparing the
   * batch's mean with a fixed floor let it pass.
   */
  @Test
  void anErrorOfASamplesSizeFailsInALargeBatch() {
    Loss biased = new HalfSquares() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        for (int i = 0; i < gradient.size(); i++) {
          gradient.setFlat(i, gradient.getFlat(i) + 0.02f);
        }
      }
    };
    Tensor p = gaussian(new SplittableRandom(25), 1, 256, 4);
    Tensor t = gaussian(new SplittableRandom(26), 1, 256, 4);

    assertTrue(LossContract.check(new HalfSquares(), p, t).get(0).passed());
    assertTrue(failure(biased, p, t).contains("the gradient disagrees with finite differences"));
  }

  /**
   * A loss that forwards every per-sample method to {@code base} (and fuses with Softmax when it
   * does): a test overrides the one it breaks.
   */
  static class Delegating extends Loss {
    private final Loss base;

    Delegating(Loss base) {
      this.base = base;
    }

    @Override
    protected float sampleValue(Tensor prediction, Tensor target) {
      return base.sampleValue(prediction, target);
    }

    @Override
    protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
      base.sampleGradient(prediction, target, gradient);
    }

    @Override
    public boolean fusesWithSoftmax() {
      return base.fusesWithSoftmax();
    }

    @Override
    protected float sampleValueFromLogits(Tensor logits, Tensor target) {
      return base.sampleValueFromLogits(logits, target);
    }

    @Override
    protected void sampleLogitGradient(Tensor probabilities, Tensor target, Tensor gradient) {
      base.sampleLogitGradient(probabilities, target, gradient);
    }
  }

  /**
   * Cross-entropy, fused with Softmax, whose gradient from the probabilities {@code alter}s after
   * computing it (given the sample's target and gradient); its logits path is left right.
   */
  private static Loss crossEntropyWithItsGradient(BiConsumer<Tensor, Tensor> alter) {
    return new Delegating(Losses.crossEntropy()) {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        alter.accept(target, gradient);
      }
    };
  }

  /** Mean squared error with its gradient scaled (0: a loss that never writes its gradient). */
  private static Loss scaledMse(float factor) {
    return new Delegating(Losses.meanSquaredError()) {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        gradient.scaleInPlace(factor);
      }
    };
  }

  /**
   * Images against pixel targets (a sample's value near 2e4, each element's gradient near 0.3)
   * and long N(0, 1) rows: one element's change is lost in the rounding of the value at the
   * first step, so the step widens; a wrong or missing gradient still fails.
   */
  @Test
  void gradientsBelowTheRoundingOfALargeValueAreResolvedByWiderSteps() {
    SplittableRandom random = new SplittableRandom(28);
    Tensor images = Tensor.zeros(Shape.of(8, 28, 28));
    Tensor pixels = Tensor.zeros(Shape.of(8, 28, 28));
    for (int i = 0; i < images.size(); i++) {
      images.setFlat(i, (float) random.nextGaussian());
      pixels.setFlat(i, random.nextInt(256));
    }
    Tensor rows = gaussian(random, 1, 8, 4096);
    Tensor rowTargets = gaussian(random, 1, 8, 4096);

    assertTrue(LossContract.check(Losses.meanSquaredError(), images, pixels).get(0).passed());
    assertTrue(LossContract.check(Losses.meanSquaredError(), rows, rowTargets).get(0).passed());
    for (float factor : new float[] {2f, 1.03f}) {
      assertTrue(failure(scaledMse(factor), images, pixels).contains("the gradient disagrees"));
      assertTrue(failure(scaledMse(factor), rows, rowTargets).contains("the gradient disagrees"));
    }
    // a zero gradient gives no step to widen to for the images: nothing resolved is a failure
    assertTrue(failure(scaledMse(0f), images, pixels).contains(
        "finite differences resolved no element's gradient"));
    assertTrue(failure(scaledMse(0f), rows, rowTargets).contains("the gradient disagrees"));
  }

  /**
   * One output near 100 is stepped by 0.1, where a quadratic's one-sided differences differ by
   * 5%: that is curvature, not a kink, and a gradient 3% off still fails.
   */
  @Test
  void curvatureAtALargeStepIsNotTakenForAKink() {
    Tensor p = Tensor.of(Shape.of(1, 1), 100.18671f);
    Tensor t = Tensor.of(Shape.of(1, 1), 98.28919f);

    assertTrue(LossContract.check(Losses.meanSquaredError(), p, t).get(0).passed());
    assertTrue(failure(scaledMse(1.03f), p, t).contains("the gradient disagrees"));
  }

  /** The javadoc's mean absolute error: kinks within the widened steps are not compared. */
  @Test
  void meanAbsoluteErrorPassesOnLongSamplesAndAWrongOneFails() {
    Tensor p = gaussian(new SplittableRandom(30), 1, 8, 4096);
    Tensor t = gaussian(new SplittableRandom(31), 1, 8, 4096);
    Loss doubled = new LossTest.MeanAbsoluteError() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        gradient.scaleInPlace(2);
      }
    };

    assertTrue(LossContract.check(new LossTest.MeanAbsoluteError(), p, t).get(0).passed());
    assertTrue(failure(doubled, p, t).contains("the gradient disagrees"));
  }

  /** Below CrossEntropy.EPSILON its value is clamped while its gradient is not: named. */
  @Test
  void aClampedValueIsNamedInTheFailure() {
    Tensor p = Tensor.of(Shape.of(1, 3), 5e-8f, 0.5f, 0.49999995f);

    String message = failure(Losses.crossEntropy(), p, Tensor.of(Shape.of(1), 0));

    assertTrue(message.endsWith("; the value did not change either side of that element: is it"
        + " clamped there (as CrossEntropy's below CrossEntropy.EPSILON)?"), message);
  }

  /** Every prediction on its target: each element a kink, so nothing was checked. */
  @Test
  void aPathMadeOnlyOfKinksFails() {
    Tensor p = Tensor.of(Shape.of(2, 2), 0.5f, -1f, 2f, 0f);
    Loss subgradient = new LossTest.MeanAbsoluteError() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        gradient.fill(1f / prediction.size()); // +1 at every kink: one side's slope
      }
    };

    String message = failure(subgradient, p, p.copy());

    assertTrue(message.contains("finite differences resolved no element's gradient (gradient"
        + " check passed: 4 elements, 4 kinks skipped"), message);
  }

  /**
   * Label smoothing makes every target non-zero: the true class, at an index past the first 16,
   * is still among the elements checked, where a gradient 3% off fails.
   */
  @Test
  void withLabelSmoothingTheTrueClassIsChecked() {
    Loss off = crossEntropyWithItsGradient((target, gradient) -> {
      int top = 0;
      for (int c = 1; c < target.size(); c++) {
        top = target.getFlat(c) > target.getFlat(top) ? c : top;
      }
      gradient.setFlat(top, gradient.getFlat(top) * 1.03f);
    });
    int n = 4;
    int classes = 1000;
    Tensor logits = gaussian(new SplittableRandom(29), 1, n, classes);
    Tensor smoothed = Tensor.filled(Shape.of(n, classes), 0.1f / classes);
    for (int i = 0; i < n; i++) {
      int label = 500 + i;
      logits.set(10f, i, label); // p 0.93: a rival of p 4e-5 has the larger gradient
      smoothed.set(0.9f + 0.1f / classes, i, label);
    }
    Tensor p = Softmax.softmax(logits);

    assertTrue(LossContract.check(Losses.crossEntropy(), p, smoothed).get(0).passed());
    assertTrue(failure(off, p, smoothed).contains("the gradient disagrees"));
  }

  private static Tensor gaussian(SplittableRandom random, double sd, int n, int c) {
    Tensor t = Tensor.zeros(Shape.of(n, c));
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, (float) (sd * random.nextGaussian()));
    }
    return t;
  }

  /** Binary cross-entropy of each element, refusing a prediction outside (0, 1). */
  static class BinaryCrossEntropy extends Loss {
    @Override
    protected float sampleValue(Tensor prediction, Tensor target) {
      double sum = 0;
      for (int i = 0; i < prediction.size(); i++) {
        double p = prediction.getFlat(i);
        if (!(p > 0 && p < 1)) {
          throw new IllegalArgumentException("BinaryCrossEntropy: " + p + " is not in (0, 1)");
        }
        double t = target.getFlat(i);
        sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
      }
      return (float) sum;
    }

    @Override
    protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
      for (int i = 0; i < prediction.size(); i++) {
        double p = prediction.getFlat(i);
        double t = target.getFlat(i);
        gradient.setFlat(i, (float) ((1 - t) / (1 - p) - t / p));
      }
    }
  }

  @Test
  void aStepOutOfTheLossesDomainIsReportedAndStepsOfYourOwnStayInside() {
    Tensor p = Tensor.of(Shape.of(2, 2), 0.9995f, 0.5f, 0.3f, 0.0004f);
    Tensor t = Tensor.of(Shape.of(2, 2), 1, 0, 0, 1);

    String message = failure(new BinaryCrossEntropy(), p, t);

    assertTrue(message.contains("finite differences stepped an element out of what the loss"
        + " takes (BinaryCrossEntropy: "), message);
    assertTrue(LossContract.check(new BinaryCrossEntropy(), p, t,
        x -> Math.min(1e-3, Math.min(x, 1 - x) / 10)).get(0).passed());
  }

  /** A loss that answers NaN off its domain, rather than refusing: the failure says so. */
  @Test
  void aStepToANonFiniteValueIsNamedAsOutOfTheDomain() {
    Loss roots = new Loss() {
      @Override
      protected float sampleValue(Tensor prediction, Tensor target) {
        double sum = 0;
        for (int i = 0; i < prediction.size(); i++) {
          sum += Math.sqrt(prediction.getFlat(i));
        }
        return (float) sum;
      }

      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        for (int i = 0; i < prediction.size(); i++) {
          gradient.setFlat(i, (float) (0.5 / Math.sqrt(prediction.getFlat(i))));
        }
      }
    };
    Tensor p = Tensor.of(Shape.of(1, 3), 0.5f, 5e-4f, 0.25f);

    String message = failure(roots, p, Tensor.zeros(Shape.of(1, 3)));

    assertTrue(message.contains("numeric NaN") && message.endsWith("; the value was not finite"
        + " one step from that element: out of what the loss takes? give inputs a step inside its"
        + " domain"), message);
  }

  @Test
  void aLossThatAssignsItsGradientArgumentInsteadOfWritingIntoItFails() {
    Loss assigns = new HalfSquares() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        gradient = prediction.zip(target, (a, b) -> a - b); // the caller's stays zeros
      }

      @Override
      public String name() {
        return "Assigns";
      }
    };

    String message = failure(assigns, predictions, targets);

    assertTrue(message.startsWith("loss contract for Assigns failed:\n  the gradient disagrees"
        + " with finite differences: "), message);
  }

  @Test
  void aWrongGradientFails() {
    Loss doubled = new HalfSquares() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        gradient.scaleInPlace(2);
      }
    };

    assertTrue(failure(doubled, predictions, targets).contains(
        "the gradient disagrees with finite differences"));
  }

  @Test
  void aLossThatModifiesItsPredictionsIsNamed() {
    Loss modifies = new HalfSquares() {
      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        super.sampleGradient(prediction, target, gradient);
        prediction.setFlat(0, 0);
      }
    };

    assertTrue(failure(modifies, predictions, targets).contains("compute modified its input"));
  }

  @Test
  void aLossThatKeepsStateIsNamed() {
    Loss counts = new HalfSquares() {
      private int calls;

      @Override
      protected float sampleValue(Tensor prediction, Tensor target) {
        return super.sampleValue(prediction, target) + calls++;
      }
    };

    assertTrue(failure(counts, predictions, targets).contains("differs from value's"));
  }

  @Test
  void aFusedLossWhoseLogitValueDisagreesWithItsPlainValueFails() {
    Loss shifted = new Delegating(Losses.crossEntropy()) {
      @Override
      protected float sampleValueFromLogits(Tensor logits, Tensor target) {
        return super.sampleValueFromLogits(logits, target) + 0.5f;
      }

      @Override
      public String name() {
        return "Shifted";
      }
    };
    Tensor p = randomProbabilities(3, 4, 13);

    String message = failure(shifted, p, Tensor.of(Shape.of(3), 0, 3, 1));

    assertTrue(message.contains("its value from logits, ") && message.contains(
        "disagrees with its value from the Softmax's output"), message);
  }

  @Test
  void aFusedLossNeedsPositiveProbabilities() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossContract.check(Losses.crossEntropy(), Tensor.of(Shape.of(1, 2), 1, 0),
            Tensor.of(Shape.of(1), 0)));

    assertTrue(e.getMessage().startsWith("LossContract: CrossEntropy fuses with Softmax, so its"
        + " predictions must be positive probabilities"), e.getMessage());
  }
}
