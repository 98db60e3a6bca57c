package dev.lamina.tensor.vector;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of the GEMM operands into the panel layouts the micro-kernel streams through,
 * padding partial panels with zeros (padded rows and columns of C are computed and discarded).
 */
final class Packing {
  private Packing() {}

  /**
   * Packs rows {@code [i0, i0 + rows)} ({@code rows <= mr}) and depths {@code [p0, p0 + kc)} of
   * {@code op(A)} into one panel: {@code kc} groups of {@code mr} values (one per row, zero past
   * {@code rows}) starting at {@code dst[to]}.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0,
      int kc, int mr, float[] dst, int to) {
    if (rows < mr) {
      Arrays.fill(dst, to, to + kc * mr, 0f);
    }
    if (transA) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(a, aOff + (p0 + p) * lda + i0, dst, to + p * mr, rows);
      }
    } else if (rows == 6 && mr == 6) {
      packSixRows(a, aOff + i0 * lda + p0, lda, kc, dst, to);
    } else if (rows == 4 && mr == 4) {
      packFourRows(a, aOff + i0 * lda + p0, lda, kc, dst, to);
    } else {
      for (int r = 0; r < rows; r++) {
        int src = aOff + (i0 + r) * lda + p0;
        int d = to + r;
        for (int p = 0; p < kc; p++) {
          dst[d + p * mr] = a[src + p];
        }
      }
    }
  }

  /**
   * Interleaves six rows of a row-major A (row {@code r} at {@code a[src + r * lda]}): walking
   * the six rows side by side keeps six sequential read streams (which the hardware prefetches)
   * and writes {@code dst} sequentially; a row at a time was 2x slower when A is not in cache.
   */
  private static void packSixRows(float[] a, int src, int lda, int kc, float[] dst, int to) {
    int r0 = src;
    int r1 = r0 + lda;
    int r2 = r1 + lda;
    int r3 = r2 + lda;
    int r4 = r3 + lda;
    int r5 = r4 + lda;
    for (int p = 0; p < kc; p++) {
      int d = to + p * 6;
      dst[d] = a[r0 + p];
      dst[d + 1] = a[r1 + p];
      dst[d + 2] = a[r2 + p];
      dst[d + 3] = a[r3 + p];
      dst[d + 4] = a[r4 + p];
      dst[d + 5] = a[r5 + p];
    }
  }

  /**
   * As {@link #packSixRows}, for the four-row tile of narrower vectors. Written out like it: one
   * side-by-side loop for any row count (an inner loop over the rows) packed 4096×64×500's A
   * 15–25% slower (one thread, alternating jars, AVX-512 and AVX2).
   */
  private static void packFourRows(float[] a, int src, int lda, int kc, float[] dst, int to) {
    int r0 = src;
    int r1 = r0 + lda;
    int r2 = r1 + lda;
    int r3 = r2 + lda;
    for (int p = 0; p < kc; p++) {
      int d = to + p * 4;
      dst[d] = a[r0 + p];
      dst[d + 1] = a[r1 + p];
      dst[d + 2] = a[r2 + p];
      dst[d + 3] = a[r3 + p];
    }
  }

  /**
   * Packs depths {@code [p0, p0 + kc)} and columns {@code [j0, j0 + cols)} of {@code op(B)} into
   * panels of {@code nr} columns: panel {@code q} holds {@code kc} rows of {@code nr} values
   * starting at {@code dst[q * kc * nr]}.
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0,
      int cols, int nr, float[] dst) {
    int whole = cols / nr;
    if (!transB && whole > 0) {
      copyPanels(b, bOff + p0 * ldb + j0, ldb, kc, nr, whole, dst);
    }
    for (int q = transB ? 0 : whole; q * nr < cols; q++) {
      int base = q * kc * nr;
      int width = Math.min(nr, cols - q * nr);
      int first = j0 + q * nr;
      if (transB) {
        for (int jj = 0; jj < width; jj++) {
          int src = bOff + (first + jj) * ldb + p0;
          for (int p = 0; p < kc; p++) {
            dst[base + p * nr + jj] = b[src + p];
          }
        }
        for (int jj = width; jj < nr; jj++) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * nr + jj] = 0f;
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int d = base + p * nr;
          System.arraycopy(b, bOff + (p0 + p) * ldb + first, dst, d, width);
          Arrays.fill(dst, d + width, d + nr, 0f);
        }
      }
    }
  }

  /**
   * Packs {@code panels} whole panels of {@code nr} columns (a multiple of the vector length) from
   * {@code rows} rows of a row-major B starting at {@code src[from]}, {@code ld} apart, into
   * {@code dst[0 ..]} as {@link #packB} lays them out. It walks B a row at a time, reading each
   * row's {@code panels · nr} values in one sequential stream and scattering them over the panels:
   * a panel at a time reads only {@code nr} values of a row before jumping {@code ld} ahead, which
   * the hardware prefetchers do not follow (LeNet's conv2, {@code ld} = 4096: B's packing was 46%
   * of the product's time, and the product ran 1.3–1.8× faster packed by rows).
   */
  private static void copyPanels(float[] src, int from, int ld, int rows, int nr, int panels,
      float[] dst) {
    int panel = rows * nr;
    for (int p = 0; p < rows; p++) {
      int s = from + p * ld;
      int d = p * nr;
      for (int q = 0; q < panels; q++) {
        for (int j = 0; j < nr; j += VectorGemm.LANES) {
          FloatVector.fromArray(VectorGemm.SPECIES, src, s + q * nr + j)
              .intoArray(dst, d + q * panel + j);
        }
      }
    }
  }
}
