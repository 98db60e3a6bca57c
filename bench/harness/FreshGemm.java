import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Gemm;
import dev.lamina.tensor.compute.Parallel;
import java.util.Random;

/**
 * 512³ on one thread in this (fresh) JVM: the best call over 4 s, in GFLOP/s. How fast the
 * micro-kernel runs depends on how C2 compiled it in this JVM, so run it in several JVMs (with
 * {@code -XX:UseAVX=2}, on JDK 17 and 25) to see the spread. {@code -Dmode=warm} runs the
 * backend's warm-up first, {@code -Dmode=background} starts it on its own thread as
 * {@code ./lamina} does; without it there is none.
 *
 * <p>Run with {@code bench/harness/run.sh FreshGemm [JVM options]}; see README.md here.
 */
public class FreshGemm {
  public static void main(String[] args) {
    String mode = System.getProperty("mode", "cold");
    if (mode.equals("warm")) {
      ComputeBackends.current().warmUp();
    } else if (mode.equals("background")) {
      ComputeBackends.warmUpInBackground();
    }
    int m = 512;
    int n = 512;
    int k = 512;
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] c = new float[m * n];
    Random r = new Random(1);
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
      b[i] = r.nextFloat();
    }
    Gemm gemm = ComputeBackends.current().gemm();
    Parallel.setThreads(1);
    double best = 0;
    long end = System.nanoTime() + 4_000_000_000L;
    while (System.nanoTime() < end) {
      long t = System.nanoTime();
      gemm.multiply(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
      best = Math.max(best, 2.0 * m * n * k / (System.nanoTime() - t));
    }
    System.out.printf("%s, %s: %.1f GFLOP/s%n", ComputeBackends.current().name(), mode, best);
  }
}
