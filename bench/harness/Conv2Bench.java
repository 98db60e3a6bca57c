import dev.lamina.layers.*;
import dev.lamina.tensor.*;
import dev.lamina.tensor.compute.*;
import java.util.*;
/**
 * LeNet's second convolution in inference on 1,000 images, the layer against a prototype of
 * per-thread groups of `-Dg=N` images (default 4) written out here; checks both give the same
 * output.
 *
 * <p>Run with {@code bench/harness/run.sh Conv2Bench [JVM options]}; see README.md here.
 */
public class Conv2Bench {
  static final int N = 1000, C = 20, H = 12, W = 12, F = 50, K = 5, OH = 8, PLANE = 64, ROWS = 500;
  static final ThreadLocal<float[][]> BUF = new ThreadLocal<>();
  public static void main(String[] a) {
    Conv2D conv = new Conv2D(F, K);
    conv.build(Shape.of(C, H, W), new java.util.SplittableRandom(1));
    Tensor x = Tensor.zeros(Shape.of(N, C, H, W));
    Random r = new Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.5 ? 0f : r.nextFloat());
    ConvGeometry geo = ConvGeometry.of(K, K, 1, 0);
    float[] wv = conv.kernel().value().data();
    float[] bv = conv.bias().value().data();
    int g = Integer.getInteger("g", 4);
    Tensor ref = conv.forward(x, false).output();
    float[] out = new float[N * F * PLANE];
    int rounds = 40;
    double[] ta = new double[rounds], tb = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < 3; k++) conv.forward(x, false);
      ta[round] = (System.nanoTime() - t0) / 3e6;
      t0 = System.nanoTime();
      for (int k = 0; k < 3; k++) {
        int groups = (N + g - 1) / g;
        Parallel.forEach(groups, t -> {
          int from = t * g, count = Math.min(g, N - from);
          float[][] bufs = BUF.get();
          if (bufs == null) { bufs = new float[][] {new float[ROWS * g * PLANE], new float[F * g * PLANE]}; BUF.set(bufs); }
          float[] cols = bufs[0], prod = bufs[1];
          int ld = count * PLANE;
          for (int i = 0; i < count; i++)
            Im2col.im2col(x.data(), (from + i) * C * H * W, C, H, W, geo, cols, i * PLANE, ld);
          if (g == 1) {
            int o = from * F * PLANE;
            ComputeBackends.current().gemm().multiply(false, false, F, ld, ROWS, wv, 0, ROWS, cols, 0, ld, false, out, o, PLANE);
            for (int f = 0; f < F; f++) { float bf = bv[f]; for (int p = 0; p < PLANE; p++) out[o + f * PLANE + p] += bf; }
            return;
          }
          ComputeBackends.current().gemm().multiply(false, false, F, ld, ROWS, wv, 0, ROWS, cols, 0, ld, false, prod, 0, ld);
          for (int i = 0; i < count; i++)
            for (int f = 0; f < F; f++) {
              float bf = bv[f]; int src = f * ld + i * PLANE, dst = ((from + i) * F + f) * PLANE;
              for (int p = 0; p < PLANE; p++) out[dst + p] = prod[src + p] + bf;
            }
        });
      }
      tb[round] = (System.nanoTime() - t0) / 3e6;
    }
    for (int i = 0; i < out.length; i++) if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(ref.getFlat(i))) { System.out.println("MISMATCH at " + i); break; }
    Arrays.sort(ta); Arrays.sort(tb);
    System.out.printf("g=%d current median %.2f ms, per-thread groups median %.2f ms%n", g, ta[rounds/2], tb[rounds/2]);
  }
}
