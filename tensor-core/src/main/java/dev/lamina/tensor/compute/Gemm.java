package dev.lamina.tensor.compute;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = op(A) · op(B)} or, with {@code accumulate}, {@code C += op(A) · op(B)}, where
 * {@code op(X)} is X or its transpose.
 *
 * <p>{@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n}, C is {@code m × n}. A
 * stored matrix with {@code r} rows has row {@code i} at {@code off + i * ld}; a transposed A is
 * stored as {@code k × m}, a transposed B as {@code n × k}. Only C is modified.
 *
 * <p>Implementations split the work over tiles of C only and sum every element of C in the same
 * order whatever the thread count, so results are bitwise identical for any number of threads.
 */
public interface Gemm {
  void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      boolean accumulate, float[] c, int cOff, int ldc);
}
