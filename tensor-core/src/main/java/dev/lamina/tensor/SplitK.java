package dev.lamina.tensor;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import java.util.Arrays;

/**
 * Matrix products over a long inner dimension ({@code [64, 64]} from {@code K = 2704}, say),
 * computed in fixed chunks of {@link #CHUNK} along it: each chunk's product is computed alone and
 * the products are added in chunk order. A row of the result depends only on its row of {@code a}
 * and on {@code b}, bit for bit, whatever the number of rows (the batch) and the thread count, so a
 * sample's output does not depend on the batch it came in.
 *
 * <p>A small output gives the threads too little work each when split by rows, so its chunks run
 * in parallel, one thread each; a larger one is split into a block of rows per thread, each taken
 * through every chunk by one thread. Both give the same bits.
 */
public final class SplitK {
  /** The inner-dimension length of one chunk. */
  public static final int CHUNK = 512;

  /** The calling thread's partial products of every chunk, for a small output. */
  static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[0]);

  /** A thread's partial product of one chunk of a block of rows, for a larger output. */
  private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[0]);

  /** The fewest rows of {@code a} a thread takes through every chunk, for a larger output. */
  private static final int MIN_ROWS = 16;

  /**
   * The largest buffer a thread keeps between calls, in floats (1 MB): a larger one is allocated
   * per call, its cost then small beside the product's, so one big product does not pin its
   * buffers to every thread for the life of the process.
   */
  static final int MAX_KEPT = 1 << 18;

  /** The largest output ({@code m * n}) whose chunks run in parallel, one thread each. */
  static final long PARALLEL_CHUNKS_MAX_OUTPUT = 128L * 128;

  private SplitK() {}

  /**
   * Whether a product over {@code k} is computed in chunks: for {@code k >= 2 * CHUNK}, whatever
   * the output's size, so that the choice, and the bits, cannot depend on the batch.
   */
  public static boolean pays(int k) {
    return k >= 2 * CHUNK;
  }

  /**
   * {@code out[m, n] = a[m, k] · b[k, n]}, plain row-major matrices of the given offsets; only
   * {@code out} is modified (overwritten; with zeros for {@code k = 0}).
   */
  public static void multiply(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] out, int outOff) {
    if (m < 0 || n < 0 || k < 0) { // not checkArgument: its three arguments box on every call
      throw new IllegalArgumentException("SplitK: negative size " + m + "x" + n + "x" + k);
    }
    int chunks = (k + CHUNK - 1) / CHUNK;
    int size = m * n;
    if (chunks == 0) {
      Arrays.fill(out, outOff, outOff + size, 0f);
      return;
    }
    if (size <= PARALLEL_CHUNKS_MAX_OUTPUT) {
      float[] partial = scratch(CHUNKS, chunks * size);
      Parallel.forEach(chunks, c -> chunk(c, m, n, k, a, aOff, b, bOff, partial, c * size));
      System.arraycopy(partial, 0, out, outOff, size);
      for (int c = 1; c < chunks; c++) {
        add(partial, c * size, out, outOff, size);
      }
    } else {
      // as many blocks as threads, of at least MIN_ROWS rows: each block reads all of b per
      // chunk, so fewer, taller blocks read it less often (a row's bits do not depend on them)
      int blocks = Math.min(Parallel.threads(), Math.max(1, m / MIN_ROWS));
      int rowsPerBlock = (m + blocks - 1) / blocks;
      Parallel.forEach((m + rowsPerBlock - 1) / rowsPerBlock, block -> {
        int first = block * rowsPerBlock;
        int rows = Math.min(m, first + rowsPerBlock) - first;
        int at = outOff + first * n;
        chunk(0, rows, n, k, a, aOff + first * k, b, bOff, out, at);
        float[] partial = scratch(BLOCK, rows * n);
        for (int c = 1; c < chunks; c++) {
          chunk(c, rows, n, k, a, aOff + first * k, b, bOff, partial, 0);
          add(partial, 0, out, at, rows * n);
        }
      });
    }
  }

  /**
   * This thread's buffer in {@code holder}, at least {@code size} long. Allocating the partial
   * products afresh on every call cost as much as the products themselves (a 200 × 256 output:
   * 0.9 ms more a call on one thread); every element the caller reads is written first. A buffer
   * over {@link #MAX_KEPT} floats is not kept.
   */
  static float[] scratch(ThreadLocal<float[]> holder, int size) {
    if (size > MAX_KEPT) {
      return new float[size];
    }
    float[] buffer = holder.get();
    if (buffer.length < size) {
      buffer = new float[size];
      holder.set(buffer);
    }
    return buffer;
  }

  /** Writes chunk {@code c}'s product, {@code a[:, chunk] · b[chunk, :]}, at {@code to[toOff]}. */
  private static void chunk(int c, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] to, int toOff) {
    int from = c * CHUNK;
    int len = Math.min(k, from + CHUNK) - from;
    ComputeBackends.current().gemm().multiply(false, false, m, n, len, a, aOff + from, k,
        b, bOff + from * n, n, false, to, toOff, n);
  }

  private static void add(float[] from, int fromOff, float[] to, int toOff, int size) {
    for (int j = 0; j < size; j++) {
      to[toOff + j] += from[fromOff + j];
    }
  }
}
