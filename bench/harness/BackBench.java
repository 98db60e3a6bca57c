import dev.lamina.layers.*;
import dev.lamina.tensor.*;
/**
 * LeNet's second convolution, forward and backward on a batch of 64: median and best
 * milliseconds per batch over the last twenty of thirty rounds.
 *
 * <p>Run with {@code bench/harness/run.sh BackBench [JVM options]}; see README.md here.
 */
public class BackBench {
  public static void main(String[] a) {
    Conv2D conv = new Conv2D(50, 5);
    conv.build(Shape.of(20, 12, 12), new java.util.SplittableRandom(1));
    Tensor x = Tensor.zeros(Shape.of(64, 20, 12, 12));
    Tensor g = Tensor.zeros(Shape.of(64, 50, 8, 8));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat());
    for (int i = 0; i < g.size(); i++) g.setFlat(i, (float) r.nextGaussian());
    int rounds = 30; double[] t = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < 20; k++) { Forward f = conv.forward(x, true); f.backward(g); }
      t[round] = (System.nanoTime() - t0) / 20e6;
    }
    double[] last = java.util.Arrays.copyOfRange(t, 10, rounds); java.util.Arrays.sort(last);
    System.out.printf("median %.3f ms best %.3f ms per batch (forward+backward)%n", last[10], last[0]);
  }
}
