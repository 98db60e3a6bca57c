import dev.lamina.examples.Models;
import dev.lamina.layers.*;
import dev.lamina.tensor.*;
import java.util.*;
/**
 * LeNet inference layer by layer: `predict(x, l)` for every prefix of the model on 1,000 random
 * images; prints each layer's share as the difference of medians (`-Drounds=N`, default 30).
 *
 * <p>Run with {@code bench/harness/run.sh LayerTimes [JVM options]}; see README.md here.
 */
public class LayerTimes {
  public static void main(String[] a) {
    Sequential net = Models.lenet(42);
    Tensor x = Tensor.zeros(Shape.of(1000, 1, 28, 28));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.8 ? 0f : r.nextFloat());
    int L = net.layers().size();
    int rounds = Integer.getInteger("rounds", 30);
    double[][] t = new double[L + 1][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int l = 1; l <= L; l++) {
        long s = System.nanoTime();
        for (int k = 0; k < 3; k++) net.predict(x, l);
        t[l][round] = (System.nanoTime() - s) / 3e6;
      }
    }
    double prev = 0;
    for (int l = 1; l <= L; l++) {
      double[] v = t[l].clone(); Arrays.sort(v);
      double med = v[rounds / 2];
      System.out.printf("%-12s cum %7.2f ms  layer %6.2f ms%n", net.layerName(l - 1), med, med - prev);
      prev = med;
    }
    System.out.printf("img/s %.0f%n", 1000 / prev * 1000);
  }
}
