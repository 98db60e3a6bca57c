import dev.lamina.tensor.*;
import dev.lamina.tensor.compute.*;
import java.util.*;
/**
 * The three matrix products of LeNet conv2's training step on a batch of 64: the kernel
 * gradient (two chunks of 2,048 positions, one per thread, as `Conv2D` runs it), the column
 * gradient `Wᵀ · G` and the forward product; milliseconds and GFLOP/s.
 *
 * <p>Run with {@code bench/harness/run.sh Parts [JVM options]}; see README.md here.
 */
public class Parts {
  public static void main(String[] a) {
    int F = 50, R = 500, N = 64, P = 64, ld = N * P;
    float[] grad = rnd(F * ld), cols = rnd(R * ld), w = rnd(F * R), partial = new float[2 * F * R], dcols = new float[R * ld];
    Gemm gemm = ComputeBackends.current().gemm();
    int rounds = 40; double[] t1 = new double[rounds], t2 = new double[rounds], t3 = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      for (int k = 0; k < 10; k++) Parallel.forEach(2, c -> gemm.multiply(false, true, F, R, 2048, grad, c * 2048, ld, cols, c * 2048, ld, false, partial, c * F * R, R));
      t1[r] = (System.nanoTime() - s) / 10e6;
      s = System.nanoTime();
      for (int k = 0; k < 10; k++) gemm.multiply(true, false, R, ld, F, w, 0, R, grad, 0, ld, false, dcols, 0, ld);
      t2[r] = (System.nanoTime() - s) / 10e6;
      s = System.nanoTime();
      for (int k = 0; k < 10; k++) gemm.multiply(false, false, F, ld, R, w, 0, R, cols, 0, ld, false, dcols, 0, ld);
      t3[r] = (System.nanoTime() - s) / 10e6;
    }
    System.out.printf("dW dots %.3f ms (%.0f GF/s) | dX gemm^T %.3f ms (%.0f GF/s) | fwd gemm %.3f ms (%.0f GF/s)%n",
      med(t1), 2e-6*F*R*ld/med(t1), med(t2), 2e-6*F*R*ld/med(t2), med(t3), 2e-6*F*R*ld/med(t3));
  }
  static float[] rnd(int n) { Random r = new Random(n); float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = r.nextFloat() - 0.5f; return f; }
  static double med(double[] v) { double[] c = Arrays.copyOfRange(v, v.length/4, v.length); Arrays.sort(c); return c[c.length/2]; }
}
