import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.*;

/**
 * GEMM calls of two or more Lamina jars in one JVM, each jar in a class loader of its own, in
 * alternating slices (the order reversed every round), so that all see the same load: the median
 * call (µs and GFLOP/s), the 10th percentile and the best call per jar.
 *
 * <pre>
 * Pair THREADS SLICE_MS ROUNDS JAR[@THREADS] ... -- MxNxK[:NN|TN|NT|TT] ...
 * bench/harness/run.sh Pair 1,2 200 8 /tmp/base.jar /tmp/new.jar -- 64x500x800 64x800x500:NT
 * </pre>
 * THREADS is a comma-separated list run in turn; {@code JAR@1} keeps that jar on one thread
 * (the same jar twice, {@code a.jar@1 b.jar@2}, compares one thread with two).
 * {@code -Dgap=US} spins that long between calls, as other work would.
 */
public class Pair {
  static final int GAP = Integer.getInteger("gap", 0);
  static volatile double sink;
  static final class Impl {
    final String name; final Object gemm; final Method mul; final Method setThreads; int fixed = 0;
    Impl(String spec) throws Exception {
      String jar = spec;
      if (spec.contains("@")) { jar = spec.substring(0, spec.indexOf('@')); fixed = Integer.parseInt(spec.substring(spec.indexOf('@') + 1)); }
      ClassLoader cl = new URLClassLoader(new URL[]{Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> cb = cl.loadClass("dev.lamina.tensor.compute.ComputeBackends");
      Object backend = cb.getMethod("current").invoke(null);
      Method gm = backend.getClass().getMethod("gemm"); gm.setAccessible(true);
      gemm = gm.invoke(backend);
      Class<?> gi = cl.loadClass("dev.lamina.tensor.compute.Gemm");
      mul = gi.getMethod("multiply", boolean.class, boolean.class, int.class, int.class, int.class,
          float[].class, int.class, int.class, float[].class, int.class, int.class, boolean.class,
          float[].class, int.class, int.class);
      setThreads = cl.loadClass("dev.lamina.tensor.compute.Parallel").getMethod("setThreads", int.class);
      name = Path.of(jar).getFileName().toString() + (fixed > 0 ? "@" + fixed : "");
    }
  }
  public static void main(String[] args) throws Exception {
    int[] threads = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
    long sliceNs = Long.parseLong(args[1]) * 1_000_000L;
    int rounds = Integer.parseInt(args[2]);
    List<Impl> impls = new ArrayList<>(); int i = 3;
    for (; !args[i].equals("--"); i++) impls.add(new Impl(args[i]));
    for (i++; i < args.length; i++) {
      String[] sv = args[i].split(":"); String[] d = sv[0].split("x");
      int m = Integer.parseInt(d[0]), n = Integer.parseInt(d[1]), k = Integer.parseInt(d[2]);
      boolean ta = sv.length > 1 && sv[1].charAt(0) == 'T', tb = sv.length > 1 && sv[1].charAt(1) == 'T';
      Random r = new Random(1);
      float[] a = new float[m * k], b = new float[k * n]; float[][] c = new float[impls.size()][m * n];
      for (int j = 0; j < a.length; j++) a[j] = r.nextFloat() - 0.5f;
      for (int j = 0; j < b.length; j++) b[j] = r.nextFloat() - 0.5f;
      int lda = ta ? m : k, ldb = tb ? k : n;
      double flop = 2.0 * m * n * k;
      for (int t : threads) {
        for (Impl im : impls) im.setThreads.invoke(null, im.fixed > 0 ? im.fixed : t);
        List<List<Long>> times = new ArrayList<>();
        for (Impl im : impls) times.add(new ArrayList<>());
        for (int round = -1; round < rounds; round++) {   // round -1: warm-up, discarded
          for (int q = 0; q < impls.size(); q++) {
            int x = (round & 1) == 0 ? q : impls.size() - 1 - q;
            Impl im = impls.get(x);
            long end = System.nanoTime() + (round < 0 ? 4 * sliceNs : sliceNs);
            while (System.nanoTime() < end) {
              long s = System.nanoTime();
              im.mul.invoke(im.gemm, ta, tb, m, n, k, a, 0, lda, b, 0, ldb, false, c[x], 0, n);
              long e = System.nanoTime() - s;
              if (round >= 0) times.get(x).add(e);
              if (GAP > 0) { long ge = System.nanoTime() + GAP * 1000L; double z = 0; while (System.nanoTime() < ge) z += Math.sqrt(z + 1); sink = z; }
            }
          }
        }
        StringBuilder sb = new StringBuilder(String.format("%-16s %dt", args[i], t));
        for (int q = 0; q < impls.size(); q++) {
          long[] v = times.get(q).stream().mapToLong(Long::longValue).sorted().toArray();
          sb.append(String.format("  %s: p50 %.1f us (%.1f GF/s) p10 %.1f GF/s best %.1f n=%d",
              impls.get(q).name, v[v.length / 2] / 1e3, flop / v[v.length / 2], flop / v[v.length / 10], flop / v[0], v.length));
        }
        if (impls.size() > 1 && !Arrays.equals(c[0], c[1])) sb.append("  RESULTS DIFFER");
        System.out.println(sb);
      }
    }
  }
}
