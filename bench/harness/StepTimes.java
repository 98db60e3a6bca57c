import dev.lamina.examples.Models;
import dev.lamina.layers.*;
import dev.lamina.tensor.*;
import java.util.*;
/** LeNet forward + backward through Sequential on a batch of 64: median ms over rounds of 10. */
public class StepTimes {
  public static void main(String[] a) {
    Sequential net = Models.lenet(42);
    int B = 64;
    Tensor x = Tensor.zeros(Shape.of(B, 1, 28, 28));
    Random r = new Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.8 ? 0f : r.nextFloat());
    int L = net.layers().size();
    int rounds = Integer.getInteger("rounds", 60);
    double[] t = new double[rounds];
    double[] inf = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long s = System.nanoTime();
      for (int rep = 0; rep < 10; rep++) {
        Forward f = net.forward(x, true, L - 1);
        Tensor g = Tensor.filled(f.output().shape(), 0.01f);
        f.backwardParameters(g);
      }
      t[round] = (System.nanoTime() - s) / 10e6;
      s = System.nanoTime();
      for (int rep = 0; rep < 10; rep++) net.predict(x);
      inf[round] = (System.nanoTime() - s) / 10e6;
    }
    System.out.printf("train step %.3f ms, predict %.3f ms (medians of the last 3/4)%n", med(t), med(inf));
  }
  static double med(double[] v) { int n = v.length; double[] c = Arrays.copyOfRange(v, n/4, n); Arrays.sort(c); return c[c.length/2]; }
}
