package dev.lamina.training.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LossTest {
  private static final Loss CROSS_ENTROPY = Losses.crossEntropy();
  private static final Loss MSE = Losses.meanSquaredError();

  @Test
  void crossEntropyIsTheMeanNegativeLogOfTheTrueClassProbability() {
    Tensor p = Tensor.of(Shape.of(2, 3), 0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f);
    LossResult r = CROSS_ENTROPY.compute(p, new int[] {0, 2});
    assertEquals((-Math.log(0.7) - Math.log(0.5)) / 2, r.value(), 1e-6);
    assertArrayEquals(new float[] {-1 / 0.7f / 2, 0, 0, 0, 0, -1 / 0.5f / 2},
        r.gradient().toArray(), 1e-6f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"crossEntropy", "mse"})
  void classIndicesAndOneHotTargetsGiveTheSameResult(String which) {
    Loss loss = which.equals("mse") ? MSE : CROSS_ENTROPY;
    Tensor p = Tensor.of(Shape.of(2, 3), 0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f);
    LossResult fromInts = loss.compute(p, new int[] {1, 2});
    LossResult fromIndexTensor = loss.compute(p, Tensor.of(Shape.of(2), 1f, 2f));
    LossResult fromOneHot = loss.compute(p, Tensor.of(Shape.of(2, 3), 0, 1, 0, 0, 0, 1));
    assertEquals(fromOneHot.value(), fromInts.value());
    assertEquals(fromOneHot.value(), fromIndexTensor.value());
    assertEquals(fromOneHot.gradient(), fromInts.gradient());
    assertEquals(fromOneHot.gradient(), fromIndexTensor.gradient());
    assertEquals(fromOneHot.value(), loss.value(p, new int[] {1, 2}));
  }

  @Test
  void meanSquaredErrorAveragesOverElementsAndSamples() {
    Tensor p = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
    Tensor y = Tensor.of(Shape.of(2, 2), 0, 2, 3, 2);
    LossResult r = MSE.compute(p, y);
    assertEquals((1 + 0 + 0 + 4) / 4.0, r.value(), 1e-6);
    assertArrayEquals(new float[] {0.5f, 0, 0, 1f}, r.gradient().toArray(), 1e-6f);
  }

  @ParameterizedTest
  @ValueSource(floats = {1000f, -1000f, 80f})
  void fusedCrossEntropyIsFiniteForExtremeLogits(float big) {
    Tensor logits = Tensor.of(Shape.of(2, 3), big, -big, 0f, -big, big, big);
    Tensor probabilities = softmax(logits);
    LossResult r = CROSS_ENTROPY.computeFromLogits(logits, probabilities, new int[] {1, 0});
    assertTrue(Float.isFinite(r.value()), "loss " + r.value());
    for (float g : r.gradient().toArray()) {
      assertTrue(Float.isFinite(g), "gradient " + g);
    }
    double expected = (logSumExp(big, -big, 0) + big + logSumExp(-big, big, big) + big) / 2;
    assertEquals(expected, r.value(), Math.abs(expected) * 1e-6);
    assertEquals(r.value(), CROSS_ENTROPY.valueFromLogits(logits, new int[] {1, 0}));
  }

  @Test
  void unfusedCrossEntropyClipsProbabilitiesThatUnderflowToZero() {
    Tensor p = Tensor.of(Shape.of(1, 2), 1f, 0f);
    LossResult r = CROSS_ENTROPY.compute(p, new int[] {1});
    assertEquals(-Math.log(CrossEntropy.EPSILON), r.value(), 1e-3);
    assertTrue(Float.isFinite(r.gradient().getFlat(1)));
  }

  @Test
  void fusedGradientIsProbabilitiesMinusTargetsOverBatch() {
    Tensor logits = Tensor.of(Shape.of(2, 2), 1f, 2f, 0f, 0f);
    Tensor p = softmax(logits);
    LossResult r = CROSS_ENTROPY.computeFromLogits(logits, p, new int[] {1, 0});
    float[] expected =
        {p.getFlat(0) / 2, (p.getFlat(1) - 1) / 2, (p.getFlat(2) - 1) / 2, p.getFlat(3) / 2};
    assertArrayEquals(expected, r.gradient().toArray(), 1e-7f);
  }

  /** Raw scores, as from a model without its final Softmax, once trained to a negative loss. */
  @ParameterizedTest
  @ValueSource(floats = {3.5f, -0.25f, 1.001f})
  void crossEntropyRefusesPredictionsThatAreNotProbabilities(float bad) {
    Tensor p = Tensor.of(Shape.of(2, 3), 0.7f, 0.2f, 0.1f, 0.25f, bad, 0.5f);

    String expected = "CrossEntropy: prediction " + bad + " (element 1 of a sample) is not a"
        + " probability in [0, 1]; this loss takes probabilities: end the model with a Softmax"
        + " (the trainer then computes the loss from the Softmax's input)";
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> CROSS_ENTROPY.compute(p, new int[] {0, 2})).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> CROSS_ENTROPY.value(p, new int[] {0, 2})).getMessage());
  }

  @Test
  void crossEntropyTakesProbabilitiesWithinRoundingOfZeroAndOne() {
    Tensor p = Tensor.of(Shape.of(1, 3), 1.00001f, 0f, -0f);

    assertEquals(0f, CROSS_ENTROPY.value(p, new int[] {0}), 1e-4f);
    assertTrue(Float.isNaN(CROSS_ENTROPY.value(Tensor.of(Shape.of(1, 2), Float.NaN, 0.5f),
        new int[] {0})), "NaN is left to the trainer's divergence check");
  }

  @Test
  void crossEntropyKeepsTheLossContractOnBothPaths() {
    Tensor p = randomProbabilities(4, 5, 1);

    assertEquals(2, LossContract.check(CROSS_ENTROPY, p, randomProbabilities(4, 5, 2)).size());
    LossContract.check(CROSS_ENTROPY, p, Tensor.of(Shape.of(4), 0, 4, 2, 2));
  }

  @Test
  void meanSquaredErrorKeepsTheLossContract() {
    assertEquals(1, LossContract.check(MSE, randomTensor(3, 4, 4), randomTensor(3, 4, 5)).size());
  }

  @Test
  void theJavadocsMeanAbsoluteErrorKeepsTheLossContract() {
    LossContract.check(new MeanAbsoluteError(), randomTensor(3, 4, 6), randomTensor(3, 4, 7));
  }

  @Test
  void aCustomLossWritesOnlyThePerSampleMath() {
    Loss mae = new MeanAbsoluteError();
    Tensor p = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
    Tensor y = Tensor.of(Shape.of(2, 2), 0, 2, 3, 6);
    LossResult r = mae.compute(p, y);
    assertEquals(((1 + 0) / 2.0 + (0 + 2) / 2.0) / 2, r.value(), 1e-6);
    assertArrayEquals(new float[] {0.25f, 0, 0, -0.25f}, r.gradient().toArray(), 1e-6f);
    assertEquals("MeanAbsoluteError", mae.name());
    assertTrue(!mae.fusesWithSoftmax());
    assertThrows(UnsupportedOperationException.class, () -> mae.computeFromLogits(p, p, y));
  }

  @Test
  void targetsOfTheWrongShapeAreRejectedWithBothShapes() {
    Tensor p = Tensor.zeros(Shape.of(2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CROSS_ENTROPY.compute(p, Tensor.zeros(Shape.of(2, 4))));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CROSS_ENTROPY.compute(p, new int[] {0, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> CROSS_ENTROPY.compute(p, Tensor.of(Shape.of(2), 0.5f, 1f)));
  }

  @Test
  void oneOutputAndATargetPerSampleIsRegressionNotClassIndices() {
    Tensor p = Tensor.zeros(Shape.of(4, 1));

    assertEquals(0f, MSE.compute(p, Tensor.zeros(Shape.of(4))).value());
    assertEquals((0 + 1 + 4 + 9) / 4f, MSE.value(p, Tensor.of(Shape.of(4), 0, 1, 2, 3)));
    LossResult r = MSE.compute(p, Tensor.of(Shape.of(4), 0.5f, 0.5f, 0.5f, 0.5f));
    assertEquals(0.25f, r.value());
    assertArrayEquals(new float[] {-0.25f, -0.25f, -0.25f, -0.25f}, r.gradient().toArray());
  }

  @Test
  void aLabelOutsideTheClassesNamesTheLoss() {
    Tensor p = Tensor.zeros(Shape.of(2, 3));

    assertEquals("CrossEntropy: label 3 of sample 1 is outside [0, 3)",
        assertThrows(IllegalArgumentException.class,
            () -> CROSS_ENTROPY.compute(p, new int[] {0, 3})).getMessage());
    assertEquals("MeanSquaredError: label -1 of sample 0 is outside [0, 3)",
        assertThrows(IllegalArgumentException.class,
            () -> MSE.value(p, Tensor.of(Shape.of(2), -1, 0))).getMessage());
  }

  @Test
  void logitsAndProbabilitiesOfDifferentShapesAreNamedBeforeTheLabels() {
    Tensor logits = Tensor.zeros(Shape.of(4, 3));
    Tensor probabilities = Tensor.zeros(Shape.of(4, 2));

    assertEquals("CrossEntropy: logits [4, 3] and probabilities [4, 2] differ in shape",
        assertThrows(IllegalArgumentException.class, () -> CROSS_ENTROPY.computeFromLogits(
            logits, probabilities, new int[] {0, 1, 2, 0})).getMessage());
  }

  @Test
  void aLossThatFusesWithoutItsLogitMethodsNamesTheMissingOverride() {
    Loss halfFused = new MeanAbsoluteError() {
      @Override
      public boolean fusesWithSoftmax() {
        return true;
      }

      @Override
      public String name() {
        return "HalfFused";
      }
    };
    Tensor z = Tensor.zeros(Shape.of(1, 2));

    assertEquals("HalfFused says it fuses with Softmax but does not override"
            + " sampleValueFromLogits",
        assertThrows(UnsupportedOperationException.class,
            () -> halfFused.valueFromLogits(z, new int[] {1})).getMessage());
    assertEquals("MeanAbsoluteError does not fuse with Softmax (fusesWithSoftmax() is false)",
        assertThrows(UnsupportedOperationException.class,
            () -> new MeanAbsoluteError().valueFromLogits(z, new int[] {1})).getMessage());
  }

  @Test
  void anAnonymousLossIsNamedByItsEnclosingClass() {
    Loss anonymous = new MeanAbsoluteError() { };

    String name = anonymous.name();
    assertTrue(name.matches("LossTest\\$[0-9]+"), name);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> anonymous.compute(
        Tensor.zeros(Shape.of(2, 3)), Tensor.zeros(Shape.of(2, 4)))).getMessage()
        .startsWith(name + ": targets must be"));
  }

  /** The example in Loss's javadoc. */
  static class MeanAbsoluteError extends Loss {
    @Override
    protected float sampleValue(Tensor prediction, Tensor target) {
      return prediction.zip(target, (p, t) -> Math.abs(p - t)).mean();
    }

    @Override
    protected void sampleGradient(Tensor prediction, Tensor target, Tensor gradient) {
      float n = prediction.size();
      gradient.copyFrom(prediction.zip(target, (p, t) -> Math.signum(p - t) / n));
    }
  }

  static Tensor randomTensor(int n, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(Shape.of(n, c));
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, (float) r.nextDouble(-2, 2));
    }
    return t;
  }

  static Tensor randomProbabilities(int n, int c, long seed) {
    return softmax(randomTensor(n, c, seed));
  }

  private static Tensor softmax(Tensor logits) {
    Tensor p = Tensor.zeros(logits.shape());
    int c = logits.dim(1);
    for (int i = 0; i < logits.dim(0); i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, logits.get(i, j));
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(logits.get(i, j) - max);
      }
      for (int j = 0; j < c; j++) {
        p.set((float) (Math.exp(logits.get(i, j) - max) / sum), i, j);
      }
    }
    return p;
  }

  private static double logSumExp(double... v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp(x - max);
    }
    return max + Math.log(s);
  }
}
