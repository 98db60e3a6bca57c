package dev.lamina.tensor.compute;

/**
 * Portable GEMM: rows of C are split among threads; each element of C is summed over k in
 * increasing order, so the result does not depend on the thread count.
 */
final class ScalarGemm implements Gemm {
  private static final int MIN_ROWS_PER_TASK = 4;

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      boolean accumulate, float[] c, int cOff, int ldc) {
    long work = (long) m * n * k;
    int grain = work < 32_768 ? m : MIN_ROWS_PER_TASK;
    Parallel.forRange(m, grain, (from, to) -> {
      float[] row = new float[n];
      for (int i = from; i < to; i++) {
        java.util.Arrays.fill(row, 0f);
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          if (transB) {
            for (int j = 0; j < n; j++) {
              row[j] += av * b[bOff + j * ldb + p];
            }
          } else {
            int bRow = bOff + p * ldb;
            for (int j = 0; j < n; j++) {
              row[j] += av * b[bRow + j];
            }
          }
        }
        int cRow = cOff + i * ldc;
        if (accumulate) {
          for (int j = 0; j < n; j++) {
            c[cRow + j] += row[j];
          }
        } else {
          System.arraycopy(row, 0, c, cRow, n);
        }
      }
    });
  }
}
