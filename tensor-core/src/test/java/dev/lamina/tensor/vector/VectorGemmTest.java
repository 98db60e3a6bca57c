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
      "8, 70, 140, true, false"})
  void isBitwiseIdenticalForOneTwoAndThreeThreads(int m, int n, int k, boolean ta, boolean tb) {
    GemmCase problem = new GemmCase(m, n, k, ta, tb, true, true, 5);
    float[] one = runWithThreads(problem, 1);
    assertArrayEquals(one, runWithThreads(problem, 2));
    assertArrayEquals(one, runWithThreads(problem, 3));
    problem.assertMatchesReference(one, "vector " + problem);
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
}
