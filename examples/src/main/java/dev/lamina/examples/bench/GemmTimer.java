package dev.lamina.examples.bench;

import dev.lamina.tensor.compute.Gemm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times one GEMM shape: warms up for a while (so the JIT has compiled the kernels), then runs
 * several timed repeats of at least a minimum duration each and reports the median rate.
 */
final class GemmTimer {
  private final long warmupNanos;
  private final long minRepeatNanos;
  private final int repeats;

  GemmTimer(long warmupMillis, long minRepeatMillis, int repeats) {
    this.warmupNanos = warmupMillis * 1_000_000L;
    this.minRepeatNanos = minRepeatMillis * 1_000_000L;
    this.repeats = repeats;
  }

  /**
   * The GFLOP/s of each timed repeat of {@code C = op(A) · op(B)} for {@code shape} (with the
   * operands stored as {@code variant} says), sorted from slowest to fastest.
   */
  double[] sortedGflops(Gemm gemm, GemmShape shape, GemmVariant variant) {
    SplittableRandom random = new SplittableRandom(42);
    float[] a = randomArray((long) shape.m() * shape.k(), random);
    float[] b = randomArray((long) shape.k() * shape.n(), random);
    float[] c = new float[Math.toIntExact((long) shape.m() * shape.n())];
    int lda = variant.transA() ? shape.m() : shape.k();
    int ldb = variant.transB() ? shape.k() : shape.n();
    Runnable once = () -> gemm.multiply(variant.transA(), variant.transB(), shape.m(), shape.n(),
        shape.k(), a, 0, lda, b, 0, ldb, false, c, 0, shape.n());
    long start = System.nanoTime();
    int calls = 0;
    do {
      once.run();
      calls++;
    } while (System.nanoTime() - start < warmupNanos || calls < 3);
    double[] rates = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      rates[r] = shape.flops() * timedCalls(once) / 1e9;
    }
    Arrays.sort(rates);
    return rates;
  }

  /** The median of sorted values. */
  static double median(double[] sorted) {
    int half = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  }

  /** Calls per second over a run of at least {@code minRepeatNanos}. */
  private double timedCalls(Runnable once) {
    long start = System.nanoTime();
    long calls = 0;
    long elapsed;
    do {
      once.run();
      calls++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minRepeatNanos);
    return calls / (elapsed / 1e9);
  }

  private static float[] randomArray(long size, SplittableRandom random) {
    float[] x = new float[Math.toIntExact(size)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }
}
