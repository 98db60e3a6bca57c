import dev.lamina.tensor.*;
/**
 * im2col alone through `Im2col.im2col`: LeNet conv2's unfold (20×12×12 image, 5×5 kernel)
 * of 256 images into groups of four side by side, on the calling thread; µs per image.
 *
 * <p>Run with {@code bench/harness/run.sh UnfoldOnly [JVM options]}; see README.md here.
 */
public class UnfoldOnly {
  public static void main(String[] a) {
    int C = 20, H = 12, K = 5, N = 256, OH = 8, plane = 64, rows = 500, G = 4;
    float[] x = new float[N * C * H * H];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    float[] c1 = new float[rows * G * plane];
    ConvGeometry geo = ConvGeometry.of(K, K, 1, 0);
    for (int round = 0; round < 12; round++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 20; rep++) for (int i = 0; i < N; i++) Im2col.im2col(x, i * C * H * H, C, H, H, geo, c1, (i % G) * plane, G * plane);
      if (round >= 9) System.out.printf("%.2f us/img%n", (System.nanoTime() - t0) / 20e3 / N);
    }
  }
}
