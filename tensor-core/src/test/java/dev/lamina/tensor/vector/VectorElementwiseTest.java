package dev.lamina.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Elementwise;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VectorElementwiseTest {
  private static final float[] SPECIALS = {
      0f, -0f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1f, -1f};

  private final Elementwise vector = new VectorBackend().elementwise();
  private final Elementwise scalar = ComputeBackends.scalar().elementwise();

  @Test
  void reluGradientPassesTheGradientWhereverTheOutputIsPositive() {
    float[] y = {2f, 0f, -0f, Float.NaN, Float.MIN_VALUE, Float.POSITIVE_INFINITY, 3f};
    float[] g = {-1.5f, 7f, 7f, 7f, -0f, Float.NaN, Float.NEGATIVE_INFINITY};
    float[] expected = {-1.5f, 0f, 0f, 0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY};
    for (Elementwise kernel : new Elementwise[] {vector, scalar}) {
      float[] dx = new float[y.length];
      kernel.reluGradient(y, 0, g, 0, dx, 0, y.length);
      for (int i = 0; i < y.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dx[i]),
            kernel.getClass().getSimpleName() + " at " + i);
      }
    }
  }

  /** Lengths around the vector widths, odd offsets, special values: both kernels bit for bit. */
  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 1000})
  void reluGradientOfTheVectorKernelIsTheScalarOneBitForBit(int n) {
    SplittableRandom random = new SplittableRandom(n);
    float[] y = values(random, 3 + n);
    float[] g = values(random, 5 + n);
    float[] fromVector = new float[2 + n + 4];
    float[] fromScalar = new float[2 + n + 4];
    java.util.Arrays.fill(fromVector, 42f);
    java.util.Arrays.fill(fromScalar, 42f);
    vector.reluGradient(y, 3, g, 5, fromVector, 2, n);
    scalar.reluGradient(y, 3, g, 5, fromScalar, 2, n);
    for (int i = 0; i < fromVector.length; i++) {
      assertEquals(Float.floatToRawIntBits(fromScalar[i]), Float.floatToRawIntBits(fromVector[i]),
          "at " + i);
    }
    assertEquals(42f, fromVector[0]);
    assertEquals(42f, fromVector[2 + n]);
  }

  @Test
  void reluGradientMayOverwriteTheGradientInPlace() {
    float[] y = values(new SplittableRandom(3), 100);
    float[] g = values(new SplittableRandom(4), 100);
    float[] expected = new float[100];
    scalar.reluGradient(y, 0, g, 0, expected, 0, 100);
    vector.reluGradient(y, 0, g, 0, g, 0, 100);
    for (int i = 0; i < 100; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(g[i]), "at " + i);
    }
  }

  private static float[] values(SplittableRandom random, int n) {
    return SpecialValues.gaussianWith(random, n, SPECIALS, 5);
  }

}
