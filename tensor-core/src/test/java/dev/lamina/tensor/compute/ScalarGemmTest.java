package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScalarGemmTest {
  private final Gemm gemm = ComputeBackends.scalar().gemm();

  @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} accumulate={5} padded={6}")
  @MethodSource("dev.lamina.tensor.compute.GemmCase#sweep")
  void matchesDoublePrecisionReference(int m, int n, int k, boolean ta, boolean tb,
      boolean accumulate, boolean padded) {
    GemmCase problem = new GemmCase(m, n, k, ta, tb, accumulate, padded, 17);
    problem.assertMatchesReference(problem.run(gemm), "scalar " + problem);
  }

  @Test
  void isBitwiseIdenticalForOneTwoAndThreeThreads() {
    GemmCase problem = new GemmCase(131, 70, 90, false, true, true, true, 3);
    float[] one = runWithThreads(problem, 1);
    assertArrayEquals(one, runWithThreads(problem, 2));
    assertArrayEquals(one, runWithThreads(problem, 3));
  }

  @Test
  void scalarBackendIsNamedScalar() {
    assertEquals("scalar", ComputeBackends.scalar().name());
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
