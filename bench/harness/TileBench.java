import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.Random;

/**
 * The GEMM's register tile alone, one thread, operands in cache: the 6 × 2-vector tile
 * `MicroKernel` uses against an 8 × 3-vector one (24 accumulators; fits only in AVX-512's 32
 * registers), over one packed 128-deep block of B, GFLOP/s per round (`-Drounds=N`, default 12).
 * How close the tile itself comes to the core's peak, apart from packing, edges and threads.
 *
 * <p>Run with {@code bench/harness/run.sh TileBench}; see README.md here.
 */
public class TileBench {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  public static void main(String[] args) {
    int kc = 128;
    int nc = 480;
    float[] pb = new float[kc * nc];
    float[] pa = new float[kc * 8];
    float[] c = new float[8 * nc];
    Random r = new Random(1);
    for (int i = 0; i < pb.length; i++) pb[i] = r.nextFloat();
    for (int i = 0; i < pa.length; i++) pa[i] = r.nextFloat();
    for (int round = 0; round < Integer.getInteger("rounds", 12); round++) {
      long s = System.nanoTime();
      long flops = 0;
      for (int rep = 0; rep < 2000; rep++) {
        for (int jr = 0; jr + 2 * L <= nc; jr += 2 * L) {
          k6x2(kc, pa, pb, jr * kc, c, jr, nc);
          flops += 2L * 6 * kc * 2 * L;
        }
      }
      double six = flops / ((System.nanoTime() - s) / 1e9) / 1e9;
      s = System.nanoTime();
      flops = 0;
      for (int rep = 0; rep < 2000; rep++) {
        for (int jr = 0; jr + 3 * L <= nc; jr += 3 * L) {
          k8x3(kc, pa, pb, jr * kc, c, jr, nc);
          flops += 2L * 8 * kc * 3 * L;
        }
      }
      double eight = flops / ((System.nanoTime() - s) / 1e9) / 1e9;
      System.out.printf("6x2 %.1f   8x3 %.1f GFLOP/s%n", six, eight);
    }
  }

  static void k6x2(int kc, float[] pa, float[] pb, int ib, float[] c, int ci, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      int ap = p * 6;
      int bp = ib + p * 2 * L;
      FloatVector b0 = FloatVector.fromArray(S, pb, bp);
      FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
      FloatVector a = FloatVector.broadcast(S, pa[ap]);
      c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(S, pa[ap + 1]);
      c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(S, pa[ap + 2]);
      c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(S, pa[ap + 3]);
      c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(S, pa[ap + 4]);
      c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(S, pa[ap + 5]);
      c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
    }
    // one store per accumulator: an array of vectors would box them and undo the whole kernel
    c00.intoArray(c, ci); c01.intoArray(c, ci + L);
    c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
    c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
    c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
    c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
    c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
  }

  static void k8x3(int kc, float[] pa, float[] pb, int ib, float[] c, int ci, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z, c20 = z, c21 = z, c22 = z;
    FloatVector c30 = z, c31 = z, c32 = z, c40 = z, c41 = z, c42 = z, c50 = z, c51 = z, c52 = z;
    FloatVector c60 = z, c61 = z, c62 = z, c70 = z, c71 = z, c72 = z;
    for (int p = 0; p < kc; p++) {
      int ap = p * 8;
      int bp = ib + p * 3 * L;
      FloatVector b0 = FloatVector.fromArray(S, pb, bp);
      FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, pb, bp + 2 * L);
      FloatVector a = FloatVector.broadcast(S, pa[ap]);
      c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
      a = FloatVector.broadcast(S, pa[ap + 1]);
      c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
      a = FloatVector.broadcast(S, pa[ap + 2]);
      c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
      a = FloatVector.broadcast(S, pa[ap + 3]);
      c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32);
      a = FloatVector.broadcast(S, pa[ap + 4]);
      c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42);
      a = FloatVector.broadcast(S, pa[ap + 5]);
      c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); c52 = a.fma(b2, c52);
      a = FloatVector.broadcast(S, pa[ap + 6]);
      c60 = a.fma(b0, c60); c61 = a.fma(b1, c61); c62 = a.fma(b2, c62);
      a = FloatVector.broadcast(S, pa[ap + 7]);
      c70 = a.fma(b0, c70); c71 = a.fma(b1, c71); c72 = a.fma(b2, c72);
    }
    int r = ci;
    c00.intoArray(c, r); c01.intoArray(c, r + L); c02.intoArray(c, r + 2 * L); r += ldc;
    c10.intoArray(c, r); c11.intoArray(c, r + L); c12.intoArray(c, r + 2 * L); r += ldc;
    c20.intoArray(c, r); c21.intoArray(c, r + L); c22.intoArray(c, r + 2 * L); r += ldc;
    c30.intoArray(c, r); c31.intoArray(c, r + L); c32.intoArray(c, r + 2 * L); r += ldc;
    c40.intoArray(c, r); c41.intoArray(c, r + L); c42.intoArray(c, r + 2 * L); r += ldc;
    c50.intoArray(c, r); c51.intoArray(c, r + L); c52.intoArray(c, r + 2 * L); r += ldc;
    c60.intoArray(c, r); c61.intoArray(c, r + L); c62.intoArray(c, r + 2 * L); r += ldc;
    c70.intoArray(c, r); c71.intoArray(c, r + L); c72.intoArray(c, r + 2 * L);
  }
}
