package dev.lamina.benchmarks;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Gemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code C[m×n] = A[m×k] · B[k×n]} through the current backend's GEMM, on every thread Lamina
 * uses ({@code -Dlamina.threads} in the fork's options to change it). The shapes: a cube for the
 * comparison with OpenBLAS, and the two products of LeNet's training step that cost most (its
 * second convolution forward, {@code 50×4096×500} for a batch of 64, and the 800 → 500 dense
 * layer forward). GFLOP/s = {@code 2·m·n·k / (time in ns)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {
  /** {@code MxNxK}. */
  @Param({"512x512x512", "50x4096x500", "64x500x800"})
  public String shape;

  private Gemm gemm;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    Inputs.requireVectorKernels();
    String[] sizes = shape.split("x");
    m = Integer.parseInt(sizes[0]);
    n = Integer.parseInt(sizes[1]);
    k = Integer.parseInt(sizes[2]);
    SplittableRandom random = new SplittableRandom(1);
    a = Inputs.uniform(random, m * k);
    b = Inputs.uniform(random, k * n);
    c = new float[m * n];
    gemm = ComputeBackends.current().gemm();
  }

  /** Returns C so that the product cannot be optimised away. */
  @Benchmark
  public float[] multiply() {
    gemm.multiply(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
    return c;
  }
}
