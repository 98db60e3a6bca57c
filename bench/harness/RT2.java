import dev.lamina.tensor.compute.Parallel;
import java.util.*;
import java.util.concurrent.atomic.*;
/**
 * `Parallel.forEach` round trips: two tasks of 100 µs of spinning, then a serial gap, 20 times a
 * round; the median round trip and the share of tasks the pool thread ran.
 *
 * <p>Run with {@code bench/harness/run.sh RT2 [JVM options]}; see README.md here.
 */
public class RT2 {
  static volatile double sink;
  static void work(int us) { long end = System.nanoTime() + us * 1000L; double x = 0; while (System.nanoTime() < end) x += Math.sqrt(x + 1); sink = x; }
  public static void main(String[] a) {
    Parallel.setThreads(2);
    for (int gap : new int[]{0, 10, 50, 200}) {
      for (int us : new int[]{100}) {
        double[] t = new double[200]; int[] workerRan = new int[1];
        AtomicInteger onWorker = new AtomicInteger();
        Thread main = Thread.currentThread();
        for (int r = 0; r < 200; r++) {
          long s = System.nanoTime();
          for (int k = 0; k < 20; k++) { Parallel.forEach(2, i -> { if (Thread.currentThread() != main) onWorker.incrementAndGet(); work(us); }); work(gap); }
          t[r] = (System.nanoTime() - s) / 20e3;
        }
        Arrays.sort(t);
        System.out.printf("gap %3d us, tasks 2x%d us: round trip median %.1f us (ideal %d), tasks run by the worker %.0f%%%n", gap, us, t[100], us + gap, 100.0 * onWorker.get() / (200 * 20 * 2));
      }
    }
  }
}
