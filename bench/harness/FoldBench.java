import dev.lamina.tensor.compute.*;
/**
 * col2im alone: LeNet conv2's fold of a batch of 64 through the scalar and the current
 * backend's `ColumnFolding`, µs per image, and whether both give the same image.
 *
 * <p>Run with {@code bench/harness/run.sh FoldBench [JVM options]}; see README.md here.
 */
public class FoldBench {
  public static void main(String[] a) {
    ColumnFolding s = ComputeBackends.scalar().columnFolding();
    ColumnFolding v = ComputeBackends.current().columnFolding();
    System.out.println(ComputeBackends.current().name());
    int n = 64, c = 20, h = 12, w = 12, k = 5, plane = 64, rows = c * k * k, ld = n * plane;
    float[] cols = new float[rows * ld];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < cols.length; i++) cols[i] = r.nextFloat() - 0.5f;
    float[] o1 = new float[n * c * h * w], o2 = new float[n * c * h * w];
    for (int round = 0; round < 12; round++) {
      for (ColumnFolding f : new ColumnFolding[] {s, v}) {
        float[] o = f == s ? o1 : o2;
        java.util.Arrays.fill(o, 0f);
        long t = System.nanoTime();
        for (int rep = 0; rep < 20; rep++)
          for (int i = 0; i < n; i++) f.addUnitStride(cols, i * plane, ld, c, h, w, k, k, o, i * c * h * w);
        if (round >= 9) System.out.printf("%s %.1f us/image%n", f == s ? "scalar" : "vector", (System.nanoTime() - t) / 1e3 / (20 * n));
      }
    }
    System.out.println(java.util.Arrays.equals(o1, o2));
  }
}
