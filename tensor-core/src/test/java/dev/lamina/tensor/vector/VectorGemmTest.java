package dev.lamina.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Gemm;
import dev.lamina.tensor.compute.GemmCase;
import dev.lamina.tensor.compute.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class VectorGemmTest {
  private final Gemm gemm = new VectorBackend().gemm();
  private final Gemm scalar = ComputeBackends.scalar().gemm();

  @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} accumulate={5} padded={6}")
  @MethodSource("dev.lamina.tensor.compute.GemmCase#sweep")
  void matchesReferenceAndScalarBackend(int m, int n, int k, boolean ta, boolean tb,
      boolean accumulate, boolean padded) {
    GemmCase problem = new GemmCase(m, n, k, ta, tb, accumulate, padded, 17);
    float[] vector = problem.run(gemm);
    problem.assertMatchesReference(vector, "vector " + problem);
    float[] portable = problem.run(scalar);
    for (int i = 0; i < vector.length; i++) {
      float bound = 4 * (k + 2) * Math.ulp(1f) * Math.max(1, Math.abs(portable[i]));
      assertEquals(portable[i], vector[i], bound, problem + ": vector vs scalar at " + i);
    }
  }

  @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
  @CsvSource({
      "257, 129, 600, false, false", "70, 601, 300, true, false",
      "300, 40, 513, false, true", "130, 190, 257, true, true", "40, 700, 300, false, false",
      "64, 500, 290, true, true", "50, 100, 1100, false, true", "49, 300, 260, false, false",
      "8, 70, 140, true, false", "64, 500, 800, false, false", "64, 800, 500, false, true",
      "64, 2704, 64, false, false", "8, 4100, 130, false, false", "49, 700, 130, true, false",
      "13, 2000, 170, false, true"})
  void isBitwiseIdenticalForOneTwoAndThreeThreads(int m, int n, int k, boolean ta, boolean tb) {
    GemmCase problem = new GemmCase(m, n, k, ta, tb, true, true, 5);
    float[] one = runWithThreads(problem, 1);
    assertArrayEquals(one, runWithThreads(problem, 2));
    assertArrayEquals(one, runWithThreads(problem, 3));
    problem.assertMatchesReference(one, "vector " + problem);
  }

  @Test
  void productsBelowTheSmallWorkRunOnTheCallingThreadAlone() {
    int before = Parallel.threads();
    try {
      Parallel.setThreads(2);
      assertEquals(1, VectorGemm.threadsFor(64, 10, 500));
      assertEquals(1, VectorGemm.threadsFor(128, 128, 128));
      assertEquals(1, VectorGemm.threadsFor(1, 1, (int) VectorGemm.SMALL_WORK - 1));
      assertEquals(2, VectorGemm.threadsFor(1, 1, (int) VectorGemm.SMALL_WORK));
      assertEquals(2, VectorGemm.threadsFor(64, 500, 800));
    } finally {
      Parallel.setThreads(before);
    }
  }

  /**
   * With several column tiles all of A is packed once, by whichever thread claims the first task,
   * while the other tasks wait for it: many calls in a row on two and three threads give the
   * one-thread result every time.
   */
  @Test
  void theSharedPackedAIsCompleteBeforeAnyTaskUsesIt() {
    GemmCase problem = new GemmCase(64, 900, 300, false, false, false, false, 3);
    float[] one = runWithThreads(problem, 1);
    for (int threads : new int[] {2, 3}) {
      for (int call = 0; call < 50; call++) {
        assertArrayEquals(one, runWithThreads(problem, threads),
            threads + " threads, call " + call);
      }
    }
  }

  @Test
  void emptyDepthClearsOrKeepsC() {
    float[] c = {1, 2, 3, 4};
    gemm.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, true, c, 0, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c);
    gemm.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, false, c, 0, 2);
    assertArrayEquals(new float[4], c);
  }

  @Test
  void overwritingIgnoresOldContentsOfC() {
    float[] c = new float[4];
    Arrays.fill(c, Float.NaN);
    gemm.multiply(false, false, 2, 2, 1, new float[] {1, 2}, 0, 1, new float[] {3, 4}, 0, 2,
        false, c, 0, 2);
    assertArrayEquals(new float[] {3, 4, 6, 8}, c);
  }

  @Test
  void deepProductsWithASmallResultTakeTheDotProductPathAndOverwriteC() {
    assertTrue(VectorGemm.prefersDotProducts(20, 25, 1728));
    assertFalse(VectorGemm.prefersDotProducts(64, 500, 10));
    assertFalse(VectorGemm.prefersDotProducts(256, 256, 256));
    int k = 1030;
    float[] a = new float[2 * k];
    float[] b = new float[k];
    for (int p = 0; p < k; p++) {
      a[p] = 1;
      a[k + p] = p % 2;
      b[p] = 2;
    }
    float[] c = {Float.NaN, Float.NaN};
    gemm.multiply(false, true, 2, 1, k, a, 0, k, b, 0, k, false, c, 0, 1);
    assertArrayEquals(new float[] {2 * k, k}, c);
  }

  @Test
  void warmUpLeavesTheBackendWorking() {
    VectorBackend backend = new VectorBackend();
    backend.warmUp();
    GemmCase problem = new GemmCase(17, 40, 130, false, true, true, true, 3);
    problem.assertMatchesReference(problem.run(backend.gemm()), "after warm-up");
  }

  @Test
  void backendIsNamedAfterThePreferredVectorWidth() {
    VectorBackend backend = new VectorBackend();
    assertEquals("vector-" + FloatVector.SPECIES_PREFERRED.vectorBitSize(), backend.name());
    assertTrue(backend.name().matches("vector-\\d+"), backend.name());
  }

  private float[] runWithThreads(GemmCase problem, int threads) {
    int before = Parallel.threads();
    try {
      Parallel.setThreads(threads);
      return problem.run(gemm);
    } finally {
      Parallel.setThreads(before);
    }
  }

  /**
   * The whole product, bit for bit, is the arithmetic the class javadoc promises, whatever tile,
   * edge kernel, tiling or thread count computed it: each element of C starts from its old value
   * (or zero), and each depth block of {@link VectorGemm#KC} adds one FMA chain over increasing
   * {@code p}. Covers M of every remainder by four and six, one- and two-row panels, narrow and
   * single-column panels, several depth blocks, all four layouts and accumulation (contributed by
   * a review, which ran it under 256-bit and 512-bit vectors on JDK 17 and 25).
   */
  @Test
  void everyElementIsTheDocumentedBlockFmaChain() {
    int[][] shapes = {{1, 5, 3}, {2, 40, 7}, {3, 17, 129}, {5, 33, 130}, {6, 8, 2}, {7, 70, 300},
        {9, 1, 5}, {10, 600, 140}, {13, 35, 257}, {70, 601, 140}, {130, 190, 257}, {4, 16, 1}};
    int before = Parallel.threads();
    try {
      for (int threads : new int[] {1, 2, 3}) {
        Parallel.setThreads(threads);
        for (int[] shape : shapes) {
          for (int layout = 0; layout < 4; layout++) {
            for (boolean accumulate : new boolean[] {false, true}) {
              boolean ta = (layout & 1) != 0;
              boolean tb = (layout & 2) != 0;
              if (!ta && tb && VectorGemm.prefersDotProducts(shape[0], shape[1], shape[2])) {
                continue; // the dot products sum lanes; their own tests cover them
              }
              GemmCase problem =
                  new GemmCase(shape[0], shape[1], shape[2], ta, tb, accumulate, accumulate, 11);
              float[] got = problem.run(gemm);
              float[] want = blockFmaChains(problem);
              for (int x = 0; x < want.length; x++) {
                assertEquals(Float.floatToRawIntBits(want[x]), Float.floatToRawIntBits(got[x]),
                    problem + " on " + threads + " threads, at " + x);
              }
            }
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static float[] blockFmaChains(GemmCase g) {
    float[] c = g.initialC();
    for (int i = 0; i < g.m; i++) {
      for (int j = 0; j < g.n; j++) {
        int at = g.cOff + i * g.ldc + j;
        float value = c[at];
        for (int pc = 0; pc < g.k; pc += VectorGemm.KC) {
          float chain = 0f;
          for (int p = pc; p < Math.min(g.k, pc + VectorGemm.KC); p++) {
            float av = g.transA ? g.a[g.aOff + p * g.lda + i] : g.a[g.aOff + i * g.lda + p];
            float bv = g.transB ? g.b[g.bOff + j * g.ldb + p] : g.b[g.bOff + p * g.ldb + j];
            chain = Math.fma(av, bv, chain);
          }
          value = pc == 0 && !g.accumulate ? chain : value + chain;
        }
        c[at] = value;
      }
    }
    return c;
  }
}
