import dev.lamina.examples.Models;
import dev.lamina.layers.*;
import dev.lamina.tensor.*;
import java.util.*;
/**
 * LeNet training layer by layer: each layer's forward and backward on a batch of 64 random
 * images, the median of the last three quarters of the rounds (`-Drounds=N`, default 40).
 *
 * <p>Run with {@code bench/harness/run.sh TrainTimes [JVM options]}; see README.md here.
 */
public class TrainTimes {
  public static void main(String[] a) {
    Sequential net = Models.lenet(42);
    int B = 64;
    Tensor x = Tensor.zeros(Shape.of(B, 1, 28, 28));
    Random r = new Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.8 ? 0f : r.nextFloat());
    List<Layer> layers = net.layers();
    int L = layers.size();
    int rounds = Integer.getInteger("rounds", 40);
    double[][] fw = new double[L][rounds], bw = new double[L][rounds];
    Forward[] f = new Forward[L];
    for (int round = 0; round < rounds; round++) {
      for (int rep = 0; rep < 10; rep++) {
        Tensor h = x;
        for (int l = 0; l < L; l++) { long s = System.nanoTime(); f[l] = layers.get(l).forward(h, true); h = f[l].output(); fw[l][round] += System.nanoTime() - s; }
        Tensor g = Tensor.zeros(h.shape());
        for (int i = 0; i < g.size(); i++) g.setFlat(i, (i % 10 == 3) ? -1f/B : 0.1f/B);
        for (int l = L - 1; l >= 1; l--) { long s = System.nanoTime(); g = f[l].backward(g); bw[l][round] += System.nanoTime() - s; }
        { long s = System.nanoTime(); f[0].backwardParameters(g); bw[0][round] += System.nanoTime() - s; }
      }
    }
    double tf = 0, tb = 0;
    for (int l = 0; l < L; l++) {
      double mf = med(fw[l], rounds) / 10e6, mb = med(bw[l], rounds) / 10e6; tf += mf; tb += mb;
      System.out.printf("%-12s fwd %6.3f ms  bwd %6.3f ms%n", net.layerName(l), mf, mb);
    }
    System.out.printf("total fwd %.2f bwd %.2f  => %.0f img/s (layers only)%n", tf, tb, B / (tf + tb) * 1000);
  }
  static Tensor[] gradHold = new Tensor[1];
  static double med(double[] v, int n) { double[] c = Arrays.copyOfRange(v, n/4, n); Arrays.sort(c); return c[c.length/2]; }
}
