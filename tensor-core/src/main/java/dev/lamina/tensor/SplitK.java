package dev.lamina.tensor;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;

/**
 * Matrix products with a small output and a long inner dimension ({@code [64, 64]} from
 * {@code K = 2704}, say), where splitting the output gives the threads too little work each: the
 * inner dimension is cut into fixed chunks of {@link #CHUNK}, whose products run in parallel (each
 * on one thread) and are added in chunk order, so the result is the same for any thread count.
 */
public final class SplitK {
  /** The inner-dimension length of one chunk. */
  public static final int CHUNK = 512;

  private SplitK() {}

  /** Whether an {@code m × n} product over {@code k} is better split over {@code k}. */
  public static boolean pays(int m, int n, int k) {
    return k >= 2 * CHUNK && (long) m * n <= 128L * 128;
  }

  /**
   * {@code out[m, n] = a[m, k] · b[k, n]}, plain row-major matrices of the given offsets; only
   * {@code out} is modified (overwritten).
   */
  public static void multiply(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] out, int outOff) {
    int chunks = (k + CHUNK - 1) / CHUNK;
    int size = m * n;
    float[] partial = new float[chunks * size];
    Parallel.forEach(chunks, c -> {
      int from = c * CHUNK;
      int len = Math.min(k, from + CHUNK) - from;
      ComputeBackends.current().gemm().multiply(false, false, m, n, len, a, aOff + from, k,
          b, bOff + from * n, n, false, partial, c * size, n);
    });
    System.arraycopy(partial, 0, out, outOff, size);
    for (int c = 1; c < chunks; c++) {
      for (int j = 0; j < size; j++) {
        out[outOff + j] += partial[c * size + j];
      }
    }
  }
}
