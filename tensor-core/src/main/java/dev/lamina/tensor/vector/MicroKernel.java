package dev.lamina.tensor.vector;

import static dev.lamina.tensor.vector.VectorGemm.LANES;
import static dev.lamina.tensor.vector.VectorGemm.MR;
import static dev.lamina.tensor.vector.VectorGemm.NR;
import static dev.lamina.tensor.vector.VectorGemm.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The register tile: a 6 × (2 vectors) block of C held in twelve accumulators while a packed A
 * panel and a packed B panel stream through. Used when {@link VectorGemm#MR} is 6 (512-bit
 * vectors); {@link FourRowKernel} takes narrower ones. {@link #storeTwoRows} serves both.
 *
 * <p>The two entry points differ only in how the tile reaches C: {@link #add} adds it, {@link
 * #store} overwrites C (the first depth block of a product that does not accumulate, so C need not
 * be cleared first). They are separate methods because a store-or-add branch inside one kernel
 * made C2 (JDK 17) compile it 1.5-2x slower.
 */
final class MicroKernel {
  private MicroKernel() {}

  /**
   * {@code C[0..6, 0..NR] += A · Bpanel} over {@code kc} steps. A panel: {@code kc}
   * groups of MR values (one per row) from {@code pa[ia]}; B panel: {@code kc} rows of NR values
   * from {@code pb[ib]}; C's rows start at {@code c[ci + r * ldc]}. Only C is modified.
   */
  static void add(int kc, float[] pa, int ia, float[] pb, int ib, float[] c,
      int ci, int ldc) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0; p < kc; p++) {
      int ap = ia + p * MR;
      int bp = ib + p * NR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bp + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, pa[ap]);
      FloatVector a1 = FloatVector.broadcast(SPECIES, pa[ap + 1]);
      FloatVector a2 = FloatVector.broadcast(SPECIES, pa[ap + 2]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, pa[ap + 3]);
      FloatVector a4 = FloatVector.broadcast(SPECIES, pa[ap + 4]);
      FloatVector a5 = FloatVector.broadcast(SPECIES, pa[ap + 5]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
    }
    int r0 = ci;
    FloatVector.fromArray(SPECIES, c, r0).add(c00).intoArray(c, r0);
    FloatVector.fromArray(SPECIES, c, r0 + LANES).add(c01).intoArray(c, r0 + LANES);
    int r1 = r0 + ldc;
    FloatVector.fromArray(SPECIES, c, r1).add(c10).intoArray(c, r1);
    FloatVector.fromArray(SPECIES, c, r1 + LANES).add(c11).intoArray(c, r1 + LANES);
    int r2 = r1 + ldc;
    FloatVector.fromArray(SPECIES, c, r2).add(c20).intoArray(c, r2);
    FloatVector.fromArray(SPECIES, c, r2 + LANES).add(c21).intoArray(c, r2 + LANES);
    int r3 = r2 + ldc;
    FloatVector.fromArray(SPECIES, c, r3).add(c30).intoArray(c, r3);
    FloatVector.fromArray(SPECIES, c, r3 + LANES).add(c31).intoArray(c, r3 + LANES);
    int r4 = r3 + ldc;
    FloatVector.fromArray(SPECIES, c, r4).add(c40).intoArray(c, r4);
    FloatVector.fromArray(SPECIES, c, r4 + LANES).add(c41).intoArray(c, r4 + LANES);
    int r5 = r4 + ldc;
    FloatVector.fromArray(SPECIES, c, r5).add(c50).intoArray(c, r5);
    FloatVector.fromArray(SPECIES, c, r5 + LANES).add(c51).intoArray(c, r5 + LANES);
  }

  /** As {@link #add}, but {@code C[0..6, 0..NR] = A · Bpanel} (the old contents are ignored). */
  static void store(int kc, float[] pa, int ia, float[] pb, int ib, float[] c,
      int ci, int ldc) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0; p < kc; p++) {
      int ap = ia + p * MR;
      int bp = ib + p * NR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bp + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, pa[ap]);
      FloatVector a1 = FloatVector.broadcast(SPECIES, pa[ap + 1]);
      FloatVector a2 = FloatVector.broadcast(SPECIES, pa[ap + 2]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, pa[ap + 3]);
      FloatVector a4 = FloatVector.broadcast(SPECIES, pa[ap + 4]);
      FloatVector a5 = FloatVector.broadcast(SPECIES, pa[ap + 5]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
    }
    int r0 = ci;
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + LANES);
    int r1 = r0 + ldc;
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + LANES);
    int r2 = r1 + ldc;
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + LANES);
    int r3 = r2 + ldc;
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + LANES);
    int r4 = r3 + ldc;
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + LANES);
    int r5 = r4 + ldc;
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + LANES);
  }

  /**
   * As {@link #store}, for an A panel with at most two useful rows (the last panel when M leaves 1
   * or 2 rows over a multiple of MR, e.g. 50 filters): {@code C[0..2, 0..NR] = A[0..2] · Bpanel},
   * the same two FMA chains as the full tile computes for those rows, in a third (six rows) or
   * half (four rows) of its work.
   */
  static void storeTwoRows(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci,
      int ldc) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    for (int p = 0; p < kc; p++) {
      int ap = ia + p * MR;
      int bp = ib + p * NR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bp + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, pa[ap]);
      FloatVector a1 = FloatVector.broadcast(SPECIES, pa[ap + 1]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + LANES);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + LANES);
  }

  /**
   * As {@link #store}, for a B panel with at most {@link VectorGemm#LANES} useful columns:
   * {@code C[0..6, 0..LANES] = A · Bpanel[.., 0..LANES]}, reading only the first vector of
   * each row of the (NR wide) B panel. Half the work of {@link #store} for narrow edges.
   */
  static void storeNarrow(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci,
      int ldc) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    for (int p = 0; p < kc; p++) {
      int ap = ia + p * MR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, ib + p * NR);
      c0 = FloatVector.broadcast(SPECIES, pa[ap]).fma(b0, c0);
      c1 = FloatVector.broadcast(SPECIES, pa[ap + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(SPECIES, pa[ap + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(SPECIES, pa[ap + 3]).fma(b0, c3);
      c4 = FloatVector.broadcast(SPECIES, pa[ap + 4]).fma(b0, c4);
      c5 = FloatVector.broadcast(SPECIES, pa[ap + 5]).fma(b0, c5);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + ldc);
    c2.intoArray(c, ci + 2 * ldc);
    c3.intoArray(c, ci + 3 * ldc);
    c4.intoArray(c, ci + 4 * ldc);
    c5.intoArray(c, ci + 5 * ldc);
  }
}
