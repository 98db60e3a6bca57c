import dev.lamina.examples.Models;
import dev.lamina.layers.*;
import dev.lamina.tensor.*;
/**
 * LeNet `predict` on 1,000 random images, ten calls a round: images per second per round
 * (`-Drounds=N`, default 15). Quote the median of the last rounds.
 *
 * <p>Run with {@code bench/harness/run.sh InferBench [JVM options]}; see README.md here.
 */
public class InferBench {
  public static void main(String[] a) {
    Sequential net = Models.lenet(42);
    Tensor x = Tensor.zeros(Shape.of(1000, 1, 28, 28));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.8 ? 0f : r.nextFloat());
    int rounds = Integer.getInteger("rounds", 15);
    for (int round = 0; round < rounds; round++) {
      long t = System.nanoTime();
      for (int k = 0; k < 10; k++) net.predict(x);
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("%.0f img/s%n", 10000 / s);
    }
  }
}
