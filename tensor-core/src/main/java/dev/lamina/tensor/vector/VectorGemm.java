package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.Gemm;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.tensor.compute.Tiling;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM on the Vector API, organised like GotoBLAS/BLIS: blocks of {@code op(B)} ({@link #KC} deep,
 * {@link #NC} wide) are packed into panels, and a register-tiled micro-kernel computes
 * {@link #MR} × {@link #NR} pieces of C with fused multiply-adds, on {@code MR × KC} panels of
 * A packed one at a time. The first depth block overwrites C unless accumulating, so C is never
 * cleared separately. Work is split over tiles of C ({@link Tiling}) through {@link Parallel};
 * packing buffers are allocated once per thread; small products run on the calling thread.
 *
 * <p>Determinism: each element of C starts from its old value (or zero) and gets its depth blocks
 * added in increasing order, each block summed by one FMA chain over increasing {@code p}
 * (lane-wise, no horizontal sums). That
 * order depends only on {@code k}, never on how C is cut into tiles, so the tiles can be chosen
 * per thread count and the result is still bitwise identical for any number of threads.
 */
final class VectorGemm implements Gemm {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /**
   * Rows of C per micro-kernel call: six ({@link MicroKernel}) with 512-bit vectors, four ({@link
   * FourRowKernel}) with narrower ones, whose tile must fit x86's 16 vector registers.
   */
  static final int MR = LANES >= 16 ? 6 : 4;
  /** Columns of C per micro-kernel call: two vectors. */
  static final int NR = 2 * LANES;
  /** Depth of a packed block; a {@code KC × MR} panel of A stays in L1. */
  static final int KC = 128;
  /** Columns of a packed block of B (a multiple of NR); the {@code KC × NC} block stays in L2. */
  static final int NC = 512;
  /**
   * Below this many multiply-adds the work runs on the calling thread: handing half of it to a
   * pool thread that has to be woken costs more than it saves (64×100×500 and 128³ ran as fast or
   * faster on one thread than on two, 2 cores, JDK 17).
   */
  static final long SMALL_WORK = 1 << 22;
  /** Largest packed copy of A (floats) shared by all tiles of one call. */
  static final int SHARED_A_LIMIT = 1 << 20;
  /** How long a task waits for the shared A by spinning before it starts yielding instead. */
  static final long PACKED_A_SPIN_NANOS = 100_000;

  /**
   * {@code A · Bᵀ} products at least this deep with at most {@link #DOT_OUTPUTS_PER_DEPTH}
   * elements of C per unit of depth run as {@link DotProducts}: packing would transpose all of B
   * for little reuse. Measured (AVX-512, 2 threads): 20×25×1728 2.7x and 50×500×2048 1.2x
   * faster that way; 64×800×500 and 256³ 1.3-1.5x slower.
   */
  static final int DOT_MIN_DEPTH = 256;
  static final int DOT_OUTPUTS_PER_DEPTH = 32;
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      boolean accumulate, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    Job job =
        new Job(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
    if (k == 0) {
      job.clearUnlessAccumulating();
      return;
    }
    int threads = threadsFor(m, n, k);
    if (!transA && transB && prefersDotProducts(m, n, k)) {
      Tiling tiling = Tiling.choose(m, n, DotProducts.ROWS, DotProducts.COLS, threads);
      Parallel.forEach(tiling.tasks(), t -> DotProducts.run(k, a, aOff, lda, b, bOff, ldb,
          accumulate, c, cOff, ldc, tiling.rowStart(t), tiling.rowEnd(t), tiling.colStart(t),
          tiling.colEnd(t)));
      return;
    }
    Tiling tiling = Tiling.choose(m, n, MR, NR, threads);
    if (tiling.tasks() == 1) {
      job.run(0, m, 0, n);
      return;
    }
    if (tiling.colTiles() > 1 && (long) job.paddedM * k <= SHARED_A_LIMIT) {
      job.shareA(BUFFERS.get().sharedA(job.paddedM * k));
    }
    Parallel.forEach(tiling.tasks(), t -> job.runTask(tiling, t));
  }

  /** The threads an {@code m × n × k} product is split for: one below {@link #SMALL_WORK}. */
  static int threadsFor(int m, int n, int k) {
    return (long) m * n * k < SMALL_WORK ? 1 : Parallel.threads();
  }

  static boolean prefersDotProducts(int m, int n, int k) {
    return k >= DOT_MIN_DEPTH && (long) m * n <= (long) DOT_OUTPUTS_PER_DEPTH * k;
  }

  /** One GEMM call: its operands and the work on one tile of C. */
  private static final class Job {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final boolean accumulate;
    final float[] c;
    final int cOff;
    final int ldc;
    /** Rows of A rounded up to a multiple of MR. */
    final int paddedM;
    /** All of A packed, when the tiles share one copy: depth block {@code pc}, panel at row
     * {@code ir} starts at {@code pc * paddedM + ir * kc}; null when each panel packs its own. */
    private float[] packedA;
    /** Where task 0 packs all of A for the other tasks, or null when each panel packs its own. */
    private float[] sharedBuffer;
    /**
     * False from {@link #shareA} until task 0 has packed A (or failed to); its volatile write
     * after {@link #packedA}'s publishes the packed values to the tasks that read it true.
     */
    private volatile boolean aPacked = true;

    Job(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb, boolean accumulate, float[] c, int cOff, int ldc) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.accumulate = accumulate;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
      this.paddedM = (m + MR - 1) / MR * MR;
    }

    /**
     * Makes task 0 pack all of {@code op(A)} into {@code dst} (at least {@code paddedM * k}
     * floats) for the tiles of this call to share; the other tasks pack their first block of B
     * meanwhile and then wait for it. Task 0 is the first task claimed, usually by the calling
     * thread, so the pool thread wakes up while A is packed instead of after. One thread packs it
     * all: it is a small part of the call (at most {@link #SHARED_A_LIMIT} floats, each reused by
     * every column tile), and a parallel phase was no faster.
     */
    void shareA(float[] dst) {
      sharedBuffer = dst;
      aPacked = false;
    }

    /** Runs task {@code t} of {@code tiling}: its tile of C, and first all of A if shared. */
    void runTask(Tiling tiling, int t) {
      if (t == 0 && sharedBuffer != null) {
        try {
          packAllOfA(sharedBuffer);
        } finally {
          aPacked = true; // even on failure, so no task waits for ever (each then packs its own)
        }
      }
      run(tiling.rowStart(t), tiling.rowEnd(t), tiling.colStart(t), tiling.colEnd(t));
    }

    /** Waits until task 0 has packed A, spinning at first and then yielding the processor. */
    private void awaitPackedA() {
      long start = System.nanoTime();
      while (!aPacked) {
        if (System.nanoTime() - start < PACKED_A_SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    private void packAllOfA(float[] dst) {
      for (int ir = 0; ir < m; ir += MR) {
        for (int pc = 0; pc < k; pc += KC) {
          int kc = Math.min(KC, k - pc);
          Packing.packA(transA, a, aOff, lda, ir, Math.min(MR, m - ir), pc, kc, MR, dst,
              pc * paddedM + ir * kc);
        }
      }
      packedA = dst;
    }

    void clearUnlessAccumulating() {
      if (!accumulate) {
        clear(0, m, 0, n);
      }
    }

    /** Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of C. */
    void run(int i0, int i1, int j0, int j1) {
      Buffers buf = BUFFERS.get();
      for (int jc = j0; jc < j1; jc += NC) {
        int nc = Math.min(NC, j1 - jc);
        for (int pc = 0; pc < k; pc += KC) {
          int kc = Math.min(KC, k - pc);
          boolean store = pc == 0 && !accumulate;
          Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, NR, buf.b);
          if (!aPacked) {
            awaitPackedA();
          }
          for (int ir = i0; ir < i1; ir += MR) {
            panel(buf, ir, Math.min(MR, i1 - ir), pc, kc, jc, nc, store);
          }
        }
      }
    }

    /**
     * Packs the A panel for rows {@code [ir, ir + rows)} of C (it stays in L1) and runs the
     * micro-kernel against every B panel of the packed block, walking along the same rows of C.
     */
    private void panel(Buffers buf, int ir, int rows, int pc, int kc, int jc, int nc,
        boolean store) {
      float[] pa = packedA;
      int ia = 0;
      if (pa == null) {
        pa = buf.a;
        Packing.packA(transA, a, aOff, lda, ir, rows, pc, kc, MR, pa, 0);
      } else {
        ia = pc * paddedM + ir * kc;
      }
      for (int jr = 0; jr < nc; jr += NR) {
        int cols = Math.min(NR, nc - jr);
        int ib = jr * kc;
        int ci = cOff + ir * ldc + jc + jr;
        if (cols <= LANES) {
          storeNarrow(kc, pa, ia, buf.b, ib, buf.edge, 0, NR);
          mergeEdge(buf.edge, rows, cols, ci, store);
        } else if (rows <= 2) {
          MicroKernel.storeTwoRows(kc, pa, ia, buf.b, ib, buf.edge, 0, NR);
          mergeEdge(buf.edge, rows, cols, ci, store);
        } else if (rows < MR || cols < NR) {
          store(kc, pa, ia, buf.b, ib, buf.edge, 0, NR);
          mergeEdge(buf.edge, rows, cols, ci, store);
        } else if (store) {
          store(kc, pa, ia, buf.b, ib, c, ci, ldc);
        } else {
          add(kc, pa, ia, buf.b, ib, c, ci, ldc);
        }
      }
    }

    // MR is a constant of the JVM, so C2 keeps one branch of each of these.
    private static void store(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci,
        int ldc) {
      if (MR == 6) {
        MicroKernel.store(kc, pa, ia, pb, ib, c, ci, ldc);
      } else {
        FourRowKernel.store(kc, pa, ia, pb, ib, c, ci, ldc);
      }
    }

    private static void add(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci,
        int ldc) {
      if (MR == 6) {
        MicroKernel.add(kc, pa, ia, pb, ib, c, ci, ldc);
      } else {
        FourRowKernel.add(kc, pa, ia, pb, ib, c, ci, ldc);
      }
    }

    private static void storeNarrow(int kc, float[] pa, int ia, float[] pb, int ib, float[] c,
        int ci, int ldc) {
      if (MR == 6) {
        MicroKernel.storeNarrow(kc, pa, ia, pb, ib, c, ci, ldc);
      } else {
        FourRowKernel.storeNarrow(kc, pa, ia, pb, ib, c, ci, ldc);
      }
    }

    private void mergeEdge(float[] edge, int rows, int cols, int ci, boolean store) {
      for (int r = 0; r < rows; r++) {
        int row = ci + r * ldc;
        if (store) {
          System.arraycopy(edge, r * NR, c, row, cols);
        } else {
          for (int j = 0; j < cols; j++) {
            c[row + j] += edge[r * NR + j];
          }
        }
      }
    }

    private void clear(int i0, int i1, int j0, int j1) {
      for (int i = i0; i < i1; i++) {
        Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
      }
    }
  }

  /**
   * Per-thread packing buffers, allocated once per thread. {@link #sharedA} belongs to the thread
   * that called {@code multiply}; the tiles of that call (on any thread) only read it.
   */
  private static final class Buffers {
    final float[] a = new float[MR * KC];
    final float[] b = new float[NC * KC];
    final float[] edge = new float[MR * NR];
    private float[] sharedA = new float[0];

    float[] sharedA(int size) {
      if (sharedA.length < size) {
        sharedA = new float[size];
      }
      return sharedA;
    }
  }
}
