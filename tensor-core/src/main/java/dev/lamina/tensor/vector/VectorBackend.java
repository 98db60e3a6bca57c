package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.ColumnFolding;
import dev.lamina.tensor.compute.ComputeBackend;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.DirectConvolution;
import dev.lamina.tensor.compute.Elementwise;
import dev.lamina.tensor.compute.Gemm;
import dev.lamina.tensor.compute.MaxPooling;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API backend, named after the preferred vector width ({@code vector-256},
 * {@code vector-512}). {@link dev.lamina.tensor.compute.ComputeBackends} loads it reflectively, so
 * only this package links to {@code jdk.incubator.vector}.
 */
public final class VectorBackend implements ComputeBackend {
  /** Rounds of {@link #warmUp()}: enough calls for the JIT's top tier (5,000 invocations). */
  private static final int WARM_UP_ROUNDS = 6_000;
  private final Gemm gemm = new VectorGemm();
  private final DirectConvolution directConvolution =
      new VectorDirectConvolution(ComputeBackends.scalar().directConvolution());
  private final Elementwise elementwise = new VectorElementwise();
  private final MaxPooling maxPooling = new VectorMaxPooling(ComputeBackends.scalar().maxPooling());
  private final ColumnFolding columnFolding = new VectorColumnFolding();

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

  @Override
  public Elementwise elementwise() {
    return elementwise;
  }

  @Override
  public MaxPooling maxPooling() {
    return maxPooling;
  }

  @Override
  public ColumnFolding columnFolding() {
    return columnFolding;
  }

  /**
   * Runs every kernel path on inputs so small that each call is cheap even interpreted (A and B
   * plain or transposed, C overwritten or accumulated, full and narrow column panels, one and two
   * depth blocks, the dot products, the direct convolution, the element-wise kernels, 2×2
   * max-pooling of wide, half-vector and quarter-vector rows with and without winners, im2col and
   * col2im), until the JIT has seen each path a few thousand times and compiled it with its top
   * tier. Everything stays on this thread and uses private arrays and a max-pooling instance of
   * its own.
   */
  @Override
  public void warmUp() {
    int n = VectorGemm.NR + 3;
    int deep = VectorGemm.KC + 4;
    // Two row panels when that stays below SMALL_WORK, so no product goes to the shared pool.
    int m = (long) 2 * VectorGemm.MR * n * deep < VectorGemm.SMALL_WORK ? 2 * VectorGemm.MR : 1;
    int size = deep + VectorGemm.NR;
    float[] a = new float[size * size];
    float[] b = new float[size * size];
    float[] c = new float[size * size];
    int pooled = VectorGemm.LANES + 1;
    int narrow = VectorGemm.LANES / 2 + 1;
    int thin = Math.max(1, VectorGemm.LANES / 4);
    int[] winners = new int[3 * pooled];
    // an instance of its own: the shared one keeps the index map of the last narrow rows pooled,
    // which a model's calls on other threads should not have to rebuild while this runs
    MaxPooling pooling = new VectorMaxPooling(ComputeBackends.scalar().maxPooling());
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      boolean accumulate = round % 2 == 1;
      for (int layout = 0; layout < 4; layout++) {
        int depth = round % 64 == 0 ? deep : 2;
        gemm.multiply((layout & 1) != 0, (layout & 2) != 0, m, n, depth, a, 0, size, b, 0, size,
            accumulate, c, 0, size);
      }
      // a last row panel of two rows (the two-row kernel), full and narrow column panels
      gemm.multiply(false, false, VectorGemm.MR + 2, n, 2, a, 0, size, b, 0, size, accumulate, c,
          0, size);
      DotProducts.run(VectorGemm.LANES + 1, a, 0, size, b, 0, size, accumulate, c, 0, size,
          0, DotProducts.ROWS + 1, 0, DotProducts.COLS + 1);
      // five filters (a block of four and one alone), one output row of two overlapping vectors
      directConvolution.convolve(1, 3, VectorGemm.LANES + 7, 5, 3, 3, a, 0, b, 0, b, 0, c, 0);
      // and its kernel gradient: nine taps, a block of eight and one alone
      directConvolution.addKernelGradient(1, 3, VectorGemm.LANES + 7, 2, 3, 3, a, 0, b, 0, c, 0);
      elementwise.reluGradient(a, 0, b, 0, c, 0, VectorGemm.LANES + 3);
      // one output row of two overlapping vectors (from two input rows)
      pooling.halve(a, 0, 2 * pooled, 1, pooled, c, 0);
      pooling.halve(a, 0, 2 * pooled, 1, pooled, c, 0, winners, 0);
      // rows of just over half a vector: one spilling vector row, then the scalar rows
      pooling.halve(a, 0, 2 * narrow, 3, narrow, c, 0);
      pooling.halve(a, 0, 2 * narrow, 3, narrow, c, 0, winners, 0);
      // rows of a quarter vector: one vector of several rows (gathered), then a scalar row
      pooling.halve(a, 0, 2 * thin, VectorGemm.LANES / thin + 1, thin, c, 0);
      pooling.halve(a, 0, 2 * thin, VectorGemm.LANES / thin + 1, thin, c, 0, winners, 0);
      // col2im of two channels with a 3x3 kernel: rows of one vector and a part, the rows at
      // the image's end added by the scalar loop
      columnFolding.addUnitStride(b, 0, 3 * VectorGemm.LANES, 2, 4, VectorGemm.LANES + 3, 3, 3,
          c, 0);
      // im2col of such an image: rows of a vector and an overlapping one; then rows of just over
      // half a vector, written as whole vectors but the last of each column row
      columnFolding.unfoldUnitStride(a, 0, 2, 4, VectorGemm.LANES + 3, 3, 3, b, 0,
          3 * VectorGemm.LANES);
      columnFolding.unfoldUnitStride(a, 0, 2, 4, narrow + 2, 3, 3, b, 0, 3 * VectorGemm.LANES);
    }
  }
}
