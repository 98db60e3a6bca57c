import dev.lamina.tensor.SplitK;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Gemm;
import dev.lamina.tensor.compute.Parallel;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code SplitK.multiply} against one plain GEMM call for the long-K products of the seed
 * network's Dense layer (the training batch and the evaluation chunk) and one wider product:
 * median over 21 rounds of the mean of 5 calls, after 30 warm-up calls, in µs. {@code
 * -Dthreads=N} sets the pool (default 2).
 *
 * <p>Run with {@code bench/harness/run.sh SplitKBench [-Dthreads=1]}; see README.md here.
 */
public class SplitKBench {
  public static void main(String[] args) {
    Parallel.setThreads(Integer.getInteger("threads", 2));
    int[][] shapes = {{1000, 64, 2704}, {64, 64, 2704}, {65, 512, 2048}};
    Gemm gemm = ComputeBackends.current().gemm();
    System.out.printf("threads %d%n%-18s %12s %12s%n", Parallel.threads(), "m x n x k",
        "plain us", "SplitK us");
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      Random r = new Random(1);
      float[] a = new float[m * k];
      float[] b = new float[k * n];
      float[] c = new float[m * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextFloat() - 0.5f;
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = r.nextFloat() - 0.5f;
      }
      Runnable plain = () -> gemm.multiply(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
      Runnable split = () -> SplitK.multiply(m, n, k, a, 0, b, 0, c, 0);
      System.out.printf("%-18s %12.0f %12.0f%n", m + " x " + n + " x " + k, median(plain),
          median(split));
    }
  }

  private static double median(Runnable call) {
    for (int i = 0; i < 30; i++) {
      call.run();
    }
    double[] rounds = new double[21];
    for (int round = 0; round < rounds.length; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        call.run();
      }
      rounds[round] = (System.nanoTime() - start) / 5e3;
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
