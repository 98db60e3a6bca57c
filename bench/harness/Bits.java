import dev.lamina.tensor.*;
import java.util.*;
/**
 * `Dense` bias pieces on `[64, 500]` and `[64, 800] · [800, 500]`: `addBroadcastInPlace`,
 * `sumExcept(1)`, `Tensor.zeros` and the product, median microseconds of 40 rounds.
 *
 * <p>Run with {@code bench/harness/run.sh Bits [JVM options]}; see README.md here.
 */
public class Bits {
  public static void main(String[] a) {
    Tensor y = Tensor.zeros(Shape.of(64, 500)), bias = Tensor.zeros(Shape.of(500));
    Tensor x = Tensor.zeros(Shape.of(64, 800)), w = Tensor.zeros(Shape.of(800, 500));
    Random r = new Random(1); for (int i = 0; i < y.size(); i++) y.setFlat(i, r.nextFloat());
    for (int i = 0; i < x.size(); i++) x.setFlat(i, r.nextFloat());
    for (int i = 0; i < w.size(); i++) w.setFlat(i, r.nextFloat() - 0.5f);
    int rounds = 40; double[][] t = new double[5][rounds];
    for (int round = 0; round < rounds; round++) {
      long s = System.nanoTime(); for (int k = 0; k < 50; k++) y.addBroadcastInPlace(bias, 1); t[0][round] = (System.nanoTime() - s) / 50e3;
      s = System.nanoTime(); for (int k = 0; k < 50; k++) y.sumExcept(1); t[1][round] = (System.nanoTime() - s) / 50e3;
      s = System.nanoTime(); for (int k = 0; k < 50; k++) Tensor.zeros(Shape.of(64, 800)); t[2][round] = (System.nanoTime() - s) / 50e3;
      s = System.nanoTime(); for (int k = 0; k < 50; k++) MatMul.multiply(x, false, w, false); t[3][round] = (System.nanoTime() - s) / 50e3;
      s = System.nanoTime(); for (int k = 0; k < 50; k++) MatMul.into(x, false, w, false, y, false); t[4][round] = (System.nanoTime() - s) / 50e3;
    }
    String[] n = {"addBroadcast", "sumExcept(1)", "zeros 64x800", "MatMul.multiply x.W", "MatMul.into x.W"};
    for (int i = 0; i < 5; i++) { Arrays.sort(t[i]); System.out.printf("%-20s %8.1f us%n", n[i], t[i][rounds / 2]); }
  }
}
