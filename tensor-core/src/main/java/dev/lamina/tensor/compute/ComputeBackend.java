package dev.lamina.tensor.compute;

/** A set of kernel implementations, reported by name (e.g. {@code scalar}, {@code vector-256}). */
public interface ComputeBackend {
  /** A short name for reports and logs. */
  String name();

  /** This backend's matrix multiply. */
  Gemm gemm();

  /**
   * This backend's convolution without im2col (stride 1, no padding); the scalar one by default.
   */
  default DirectConvolution directConvolution() {
    return ScalarBackend.DIRECT_CONVOLUTION;
  }

  /** This backend's element-wise kernels; the scalar ones by default. */
  default Elementwise elementwise() {
    return ScalarBackend.ELEMENTWISE;
  }

  /** This backend's im2col and col2im for stride 1 without padding; the scalar one by default. */
  default ColumnFolding columnFolding() {
    return ScalarBackend.COLUMN_FOLDING;
  }

  /** This backend's 2×2 max-pooling; the scalar one by default. */
  default MaxPooling maxPooling() {
    return ScalarBackend.MAX_POOLING;
  }

  /**
   * Runs this backend's kernels on small inputs often enough for the JIT compiler to compile them,
   * so that the first real calls do not run interpreted. Modifies nothing shared; safe to run on a
   * background thread while other work goes on. The default does nothing.
   */
  default void warmUp() {}
}
