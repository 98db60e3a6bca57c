package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.ComputeBackend;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.DirectConvolution;
import dev.lamina.tensor.compute.Gemm;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API backend, named after the preferred vector width ({@code vector-256},
 * {@code vector-512}). {@link dev.lamina.tensor.compute.ComputeBackends} loads it reflectively, so
 * only this package links to {@code jdk.incubator.vector}.
 */
public final class VectorBackend implements ComputeBackend {
  /** Rounds of {@link #warmUp()}: enough calls for the JIT's top tier, each a few microseconds once compiled. */
  private static final int WARM_UP_ROUNDS = 3_000;
  private final Gemm gemm = new VectorGemm();
  private final DirectConvolution directConvolution =
      new VectorDirectConvolution(ComputeBackends.scalar().directConvolution());

  /** Creates the backend; fails with a {@link LinkageError} when the Vector API is missing. */
  public VectorBackend() {}

  @Override
  public String name() {
    return "vector-" + FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  @Override
  public Gemm gemm() {
    return gemm;
  }

  @Override
  public DirectConvolution directConvolution() {
    return directConvolution;
  }

  /**
   * Multiplies small matrices in every layout the kernels handle (A and B plain or transposed, C
   * overwritten or accumulated, full and narrow column panels, one and two depth blocks, the
   * dot-product path) and convolves small images directly, until the JIT has seen each path a few
   * thousand times. The products stay on this thread (each is below
   * {@link VectorGemm#SMALL_WORK}) and use private arrays.
   */
  @Override
  public void warmUp() {
    int m = 2 * VectorGemm.MR;
    int n = VectorGemm.NR + 3;
    int k = VectorGemm.KC + 4;
    int size = Math.max(VectorGemm.DOT_MIN_DEPTH, Math.max(m, Math.max(n, k)));
    float[] a = new float[size * size];
    float[] b = new float[size * size];
    float[] c = new float[size * size];
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (int layout = 0; layout < 4; layout++) {
        boolean transA = (layout & 1) != 0;
        boolean transB = (layout & 2) != 0;
        int depth = round % 8 == 0 ? k : 8;
        gemm.multiply(transA, transB, m, n, depth, a, 0, size, b, 0, size, round % 2 == 1, c, 0, size);
      }
      gemm.multiply(false, true, DotProducts.ROWS + 1, DotProducts.COLS + 1, VectorGemm.DOT_MIN_DEPTH,
          a, 0, size, b, 0, size, round % 2 == 1, c, 0, size);
      if (round % 4 == 0) {
        // five filters: a block of four and one alone, over one channel of a small image
        directConvolution.convolve(1, 3 + VectorGemm.LANES, 3 + VectorGemm.LANES, 5, 3, 3, a, 0, b, 0,
            b, 0, c, 0);
      }
    }
  }
}
