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
import org.junit.jupiter.api.Test;

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

  /** True classes at 2e-6 and at 0.9999: steps stay inside (0, 1) and follow -log p. */
  @Test
  void crossEntropyPassesNearZeroAndNearOne() {
    Tensor p = Tensor.of(Shape.of(2, 3), 2e-6f, 0.5f, 0.499998f, 0.9999f, 0.00005f, 0.00005f);
    Tensor labels = Tensor.of(Shape.of(2), 0, 0);

    assertEquals(2, LossContract.check(Losses.crossEntropy(), p, labels).stream()
        .filter(GradientReport::passed).count());
  }

  /**
   * A gradient off by 0.02 of a sample's (an absolute error) in a batch of 256: a floor that did
   * not shrink with the batch would let it pass.
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

  private static Tensor gaussian(SplittableRandom random, double sd, int n, int c) {
    Tensor t = Tensor.zeros(Shape.of(n, c));
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, (float) (sd * random.nextGaussian()));
    }
    return t;
  }

  @Test
  void aStepOutOfTheLossesDomainIsReportedNotThrown() {
    Tensor p = Tensor.of(Shape.of(1, 2), 1f, 0.5f);

    String message = failure(Losses.crossEntropy(), p, Tensor.of(Shape.of(1), 0));

    assertTrue(message.contains("finite differences stepped an element out of what the loss"
        + " takes (CrossEntropy: prediction "), message);
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
    Loss shifted = new Loss() {
      private final Loss crossEntropy = Losses.crossEntropy();

      @Override
      protected float sampleValue(Tensor prediction, Tensor target) {
        return crossEntropy.sampleValue(prediction, target);
      }

      @Override
      protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
        crossEntropy.sampleGradient(prediction, target, gradient);
      }

      @Override
      public boolean fusesWithSoftmax() {
        return true;
      }

      @Override
      protected float sampleValueFromLogits(Tensor logits, Tensor target) {
        return crossEntropy.sampleValueFromLogits(logits, target) + 0.5f;
      }

      @Override
      protected void sampleLogitGradient(Tensor probabilities, Tensor target, Tensor gradient) {
        crossEntropy.sampleLogitGradient(probabilities, target, gradient);
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
