package dev.lamina.tensor.vector;

import static dev.lamina.tensor.vector.VectorGemm.LANES;
import static dev.lamina.tensor.vector.VectorGemm.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * {@code C = A · Bᵀ} (or {@code C += A · Bᵀ}) for A stored {@code m × k} and B stored
 * {@code n × k}, both contiguous along the depth: every element of C is the dot product of a row
 * of A and a row of B, so nothing is packed or transposed. This is the shape of a convolution's
 * kernel gradient (a small C over a long depth) and of a dense layer's input gradient, where the
 * packed path spends more time transposing B into panels than multiplying.
 *
 * <p>A {@link #ROWS} × {@link #COLS} block of C is held in twelve vector accumulators while four
 * rows of A and three of B stream through; the depth is cut into {@link #DEPTH_BLOCK} pieces, so
 * the three rows of B stay in L1 while every row block of A passes them.
 *
 * <p>Determinism: each element of C starts from its old value (or zero) and gets its depth blocks
 * added in increasing order; a block is one lane-wise FMA chain over increasing {@code p}, whose
 * lanes are then summed in lane order (not with {@code reduceLanes}, whose order is unspecified),
 * then the block's last {@code kc mod LANES} products in increasing {@code p}. That order depends
 * only on {@code k}, so tiles of C can go to any thread.
 */
final class DotProducts {
  /** Rows of C per block. */
  static final int ROWS = 4;
  /** Columns of C per block. */
  static final int COLS = 3;
  /** Depth per pass: a multiple of every vector length; three rows of B take 12 KB. */
  static final int DEPTH_BLOCK = 1024;

  private static final ThreadLocal<float[]> LANE_SUMS =
      ThreadLocal.withInitial(() -> new float[ROWS * COLS * LANES]);

  private DotProducts() {}

  /**
   * Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of C: row {@code i} of A starts at
   * {@code a[aOff + i * lda]}, row {@code j} of B at {@code b[bOff + j * ldb]}. Only C is modified.
   */
  static void run(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      boolean accumulate, float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
    float[] lanes = LANE_SUMS.get();
    for (int pc = 0; pc < k; pc += DEPTH_BLOCK) {
      int kc = Math.min(DEPTH_BLOCK, k - pc);
      boolean store = pc == 0 && !accumulate;
      for (int j = j0; j < j1; j += COLS) {
        int cols = Math.min(COLS, j1 - j);
        for (int i = i0; i < i1; i += ROWS) {
          int rows = Math.min(ROWS, i1 - i);
          int ai = aOff + i * lda + pc;
          int bj = bOff + j * ldb + pc;
          int ci = cOff + i * ldc + j;
          if (rows == ROWS && cols == COLS) {
            block(kc, a, ai, lda, b, bj, ldb, lanes);
            finish(kc, a, ai, lda, b, bj, ldb, lanes, ROWS, COLS, store, c, ci, ldc);
          } else {
            for (int r = 0; r < rows; r++) {
              for (int q = 0; q < cols; q++) {
                single(kc, a, ai + r * lda, b, bj + q * ldb, lanes, r * COLS + q);
              }
            }
            finish(kc, a, ai, lda, b, bj, ldb, lanes, rows, cols, store, c, ci, ldc);
          }
        }
      }
    }
  }

  /**
   * The lane sums of a full 4 × 3 block over the vector part of {@code kc}, into {@code lanes}.
   */
  private static void block(int kc, float[] a, int ai, int lda, float[] b, int bj, int ldb,
      float[] lanes) {
    FloatVector s00 = FloatVector.zero(SPECIES);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s22 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    FloatVector s32 = s00;
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int b0 = bj;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int bound = kc - kc % LANES;
    for (int p = 0; p < bound; p += LANES) {
      FloatVector y0 = FloatVector.fromArray(SPECIES, b, b0 + p);
      FloatVector y1 = FloatVector.fromArray(SPECIES, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p);
      FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + p);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      x = FloatVector.fromArray(SPECIES, a, a1 + p);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      x = FloatVector.fromArray(SPECIES, a, a2 + p);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      x = FloatVector.fromArray(SPECIES, a, a3 + p);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
    }
    s00.intoArray(lanes, 0);
    s01.intoArray(lanes, LANES);
    s02.intoArray(lanes, 2 * LANES);
    s10.intoArray(lanes, 3 * LANES);
    s11.intoArray(lanes, 4 * LANES);
    s12.intoArray(lanes, 5 * LANES);
    s20.intoArray(lanes, 6 * LANES);
    s21.intoArray(lanes, 7 * LANES);
    s22.intoArray(lanes, 8 * LANES);
    s30.intoArray(lanes, 9 * LANES);
    s31.intoArray(lanes, 10 * LANES);
    s32.intoArray(lanes, 11 * LANES);
  }

  /**
   * The lane sums of one row of A against one row of B, into slot {@code slot} of {@code lanes}.
   */
  private static void single(int kc, float[] a, int ai, float[] b, int bj, float[] lanes,
      int slot) {
    FloatVector s = FloatVector.zero(SPECIES);
    int bound = kc - kc % LANES;
    for (int p = 0; p < bound; p += LANES) {
      s = FloatVector.fromArray(SPECIES, a, ai + p)
          .fma(FloatVector.fromArray(SPECIES, b, bj + p), s);
    }
    s.intoArray(lanes, slot * LANES);
  }

  /**
   * Sums each element's lanes in lane order, adds the scalar tail of the depth block and stores the
   * result into (or adds it to) C.
   */
  private static void finish(int kc, float[] a, int ai, int lda, float[] b, int bj, int ldb,
      float[] lanes, int rows, int cols, boolean store, float[] c, int ci, int ldc) {
    int bound = kc - kc % LANES;
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        float sum = laneSum(lanes, r * COLS + q);
        int ar = ai + r * lda;
        int bq = bj + q * ldb;
        for (int p = bound; p < kc; p++) {
          sum += a[ar + p] * b[bq + p];
        }
        int at = ci + r * ldc + q;
        c[at] = store ? sum : c[at] + sum;
      }
    }
  }

  /**
   * The {@code LANES} values of slot {@code slot} of {@code lanes} summed in lane order: the fixed
   * order every horizontal sum of the vector kernels uses ({@code reduceLanes} leaves it open).
   */
  static float laneSum(float[] lanes, int slot) {
    float sum = 0f;
    for (int l = slot * LANES; l < (slot + 1) * LANES; l++) {
      sum += lanes[l];
    }
    return sum;
  }
}
