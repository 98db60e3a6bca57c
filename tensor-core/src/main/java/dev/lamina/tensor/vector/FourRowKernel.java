package dev.lamina.tensor.vector;

import static dev.lamina.tensor.vector.VectorGemm.LANES;
import static dev.lamina.tensor.vector.VectorGemm.MR;
import static dev.lamina.tensor.vector.VectorGemm.NR;
import static dev.lamina.tensor.vector.VectorGemm.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * {@link MicroKernel}'s register tile with four rows instead of six, for vectors narrower than 512
 * bits: a 4 × (2 vectors) block of C in eight accumulators.
 *
 * <p>x86 has 16 such registers, and C2 loads all of a step's operands before its first
 * multiply-add: the six-row tile then needs 12 accumulators, 2 B vectors and up to 6 broadcast A
 * values, 20 registers, and keeps an accumulator on the stack, so that its chain of multiply-adds
 * waits for a store and a load every step. That ran at about half speed, always on JDK 25 and in
 * some JVMs on JDK 17 (depending on the profile C2 compiled from); a five-row tile did the same.
 * Four rows need at most 14 registers. Every element of C gets the six-row tile's arithmetic: one
 * FMA chain over the depth, in the same order.
 */
final class FourRowKernel {
  private FourRowKernel() {}

  /**
   * {@code C[0..4, 0..NR] += A · Bpanel} over {@code kc} steps. A panel: {@code kc}
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
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
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
  }

  /** As {@link #add}, but {@code C[0..4, 0..NR] = A · Bpanel} (the old contents are ignored). */
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
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
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
  }

  /**
   * As {@link #store}, for a B panel with at most {@link VectorGemm#LANES} useful columns:
   * {@code C[0..4, 0..LANES] = A · Bpanel[.., 0..LANES]}, reading only the first vector of
   * each row of the (NR wide) B panel. Half the work of {@link #store} for narrow edges.
   */
  static void storeNarrow(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci,
      int ldc) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    for (int p = 0; p < kc; p++) {
      int ap = ia + p * MR;
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, ib + p * NR);
      c0 = FloatVector.broadcast(SPECIES, pa[ap]).fma(b0, c0);
      c1 = FloatVector.broadcast(SPECIES, pa[ap + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(SPECIES, pa[ap + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(SPECIES, pa[ap + 3]).fma(b0, c3);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + ldc);
    c2.intoArray(c, ci + 2 * ldc);
    c3.intoArray(c, ci + 3 * ldc);
  }
}
