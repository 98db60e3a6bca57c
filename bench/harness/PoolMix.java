import dev.lamina.layers.*;
import dev.lamina.tensor.*;
import java.util.*;
/** LeNet's two pools interleaved, as in training and inference: layer forward medians. */
public class PoolMix {
  public static void main(String[] a) {
    int R = Integer.getInteger("rounds", 60);
    int[][] shapes = {{64, 20, 24, 24}, {64, 50, 8, 8}};
    Tensor[] xs = new Tensor[2];
    MaxPool2D[] pools = new MaxPool2D[2];
    for (int s = 0; s < 2; s++) {
      xs[s] = Tensor.zeros(Shape.of(shapes[s]));
      Random r = new Random(s);
      for (int i = 0; i < xs[s].size(); i++) xs[s].setFlat(i, r.nextFloat() - 0.5f);
      pools[s] = new MaxPool2D(2);
      pools[s].outputShape(Shape.of(shapes[s][1], shapes[s][2], shapes[s][3]));
    }
    double[][] t = new double[4][R];
    for (int round = 0; round < R; round++) {
      for (int s = 0; s < 2; s++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 20; rep++) pools[s].forward(xs[s], true);
        long t1 = System.nanoTime();
        for (int rep = 0; rep < 20; rep++) pools[s].forward(xs[s], false);
        long t2 = System.nanoTime();
        t[2 * s][round] = (t1 - t0) / 20e6; t[2 * s + 1][round] = (t2 - t1) / 20e6;
      }
    }
    System.out.printf("pool1 train %.3f infer %.3f | pool2 train %.3f infer %.3f ms%n", med(t[0]), med(t[1]), med(t[2]), med(t[3]));
  }
  static double med(double[] v) { int n = v.length; double[] c = Arrays.copyOfRange(v, n/3, n); Arrays.sort(c); return c[c.length/2]; }
}
