import dev.lamina.layers.*;
import dev.lamina.tensor.*;
/**
 * LeNet's first convolution (20 filters, 5×5) in inference on 1,000 images: median and best
 * of the last ten of fifteen rounds.
 *
 * <p>Run with {@code bench/harness/run.sh ConvBench [JVM options]}; see README.md here.
 */
public class ConvBench {
  public static void main(String[] a) {
    Conv2D conv = new Conv2D(20, 5);
    conv.build(Shape.of(1, 28, 28), new java.util.SplittableRandom(1));
    Tensor x = Tensor.zeros(Shape.of(1000, 1, 28, 28));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat() < 0.8 ? 0f : r.nextFloat());
    double[] t = new double[15];
    for (int round = 0; round < 15; round++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < 5; k++) conv.forward(x, false);
      t[round] = (System.nanoTime() - t0) / 5e6;
    }
    double[] last = java.util.Arrays.copyOfRange(t, 5, 15);
    java.util.Arrays.sort(last);
    System.out.printf("median %.2f ms best %.2f ms per 1000 images%n", last[5], last[0]);
  }
}
