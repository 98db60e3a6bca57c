package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One GEMM problem with random operands laid out in arrays (optionally at offsets with padded
 * leading dimensions), a double-precision reference and checks shared by the backend tests.
 */
public final class GemmCase {
  /** Value of the array cells around C that a GEMM must not touch. */
  static final float SENTINEL = 1234.5f;
  private static final int[][] SHAPES = {
      {1, 1, 1}, {1, 3, 15}, {3, 1, 17}, {15, 16, 1}, {16, 17, 3}, {17, 15, 16},
      {63, 64, 65}, {64, 65, 63}, {65, 63, 64}, {257, 17, 15}, {17, 257, 63}, {16, 15, 257},
      {1, 257, 64}, {257, 1, 65}, {65, 16, 257}, {3, 64, 17},
      // deep products with a small C (the dot-product path for A·Bᵀ): edges, tails, two depth
      // blocks
      {7, 5, 2100}, {4, 9, 1030}, {13, 8, 300}};

  public final boolean transA;
  public final boolean transB;
  public final int m;
  public final int n;
  public final int k;
  public final boolean accumulate;
  public final float[] a;
  public final int aOff;
  public final int lda;
  public final float[] b;
  public final int bOff;
  public final int ldb;
  public final int cOff;
  public final int ldc;
  private final float[] c0;

  public GemmCase(int m, int n, int k, boolean transA, boolean transB, boolean accumulate,
      boolean padded, long seed) {
    this.m = m;
    this.n = n;
    this.k = k;
    this.transA = transA;
    this.transB = transB;
    this.accumulate = accumulate;
    int pad = padded ? 3 : 0;
    SplittableRandom random = new SplittableRandom(seed);
    int aRows = transA ? k : m;
    lda = (transA ? m : k) + pad;
    aOff = padded ? 5 : 0;
    a = randomArray(aOff + aRows * lda, random);
    int bRows = transB ? n : k;
    ldb = (transB ? k : n) + 2 * pad;
    bOff = padded ? 7 : 0;
    b = randomArray(bOff + bRows * ldb, random);
    ldc = n + pad;
    cOff = padded ? 2 : 0;
    c0 = new float[cOff + m * ldc + pad];
    Arrays.fill(c0, SENTINEL);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c0[cOff + i * ldc + j] = accumulate ? (float) random.nextDouble(-1, 1) : Float.NaN;
      }
    }
  }

  /** Every shape of {@link #SHAPES} with every transpose variant, plain and accumulating/padded. */
  public static Stream<Arguments> sweep() {
    List<Arguments> cases = new ArrayList<>();
    for (int[] s : SHAPES) {
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        cases.add(Arguments.of(s[0], s[1], s[2], ta, tb, false, false));
        cases.add(Arguments.of(s[0], s[1], s[2], ta, tb, true, true));
      }
    }
    return cases.stream();
  }

  /** A fresh copy of C before the product (NaN inside C unless accumulating, sentinels around). */
  public float[] initialC() {
    return c0.clone();
  }

  /** Runs {@code gemm} on a fresh C and returns the whole C array. */
  public float[] run(Gemm gemm) {
    float[] c = initialC();
    gemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    return c;
  }

  private float opA(int i, int p) {
    return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
  }

  private float opB(int p, int j) {
    return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
  }

  /**
   * Checks {@code c} against the double-precision product: each element within a float rounding
   * bound that grows with k, and every cell outside C untouched.
   */
  public void assertMatchesReference(float[] c, String label) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = accumulate ? c0[cOff + i * ldc + j] : 0;
        double magnitude = Math.abs(exact);
        for (int p = 0; p < k; p++) {
          exact += (double) opA(i, p) * opB(p, j);
          magnitude += Math.abs((double) opA(i, p) * opB(p, j));
        }
        double tolerance = 2 * (k + 2) * Math.ulp(1f) * magnitude + 1e-30;
        float actual = c[cOff + i * ldc + j];
        if (!(Math.abs(actual - exact) <= tolerance)) {
          throw new AssertionError(String.format(
              "%s: C[%d,%d] = %s, expected %s ± %s", label, i, j, actual, exact, tolerance));
        }
      }
    }
    assertUntouchedOutside(c, label);
  }

  private void assertUntouchedOutside(float[] c, String label) {
    for (int x = 0; x < c.length; x++) {
      int rel = x - cOff;
      boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
      if (!inside) {
        assertEquals(SENTINEL, c[x], label + ": cell " + x + " outside C was modified");
      }
    }
  }

  @Override
  public String toString() {
    return String.format("%dx%dx%d%s%s%s", m, n, k, transA ? " Aᵀ" : "", transB ? " Bᵀ" : "",
        accumulate ? " +=" : "");
  }

  private static float[] randomArray(int size, SplittableRandom random) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }
}
