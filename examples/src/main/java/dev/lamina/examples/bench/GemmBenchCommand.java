package dev.lamina.examples.bench;

import dev.lamina.examples.Checks;
import dev.lamina.examples.JsonFiles;
import dev.lamina.examples.OutputFiles;
import dev.lamina.tensor.compute.ComputeBackend;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lamina bench gemm}: single-precision GEMM speed in GFLOP/s (median of timed repeats after
 * a warm-up), for a cube ({@code --size}) or the given shapes ({@code --shape MxNxK}), with
 * either operand stored transposed ({@code --variant}).
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
    description = "Measure single-precision matrix multiply speed (GFLOP/s, median of repeats).")
final class GemmBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--size", paramLabel = "N",
      description = "Measure N x N x N (default 512 when no --shape is given).")
  Integer size;

  @Option(names = "--shape", paramLabel = "MxNxK", converter = GemmShape.Converter.class,
      description = "Measure C[MxN] = A[MxK] B[KxN]; repeatable, e.g. 64x2704x64.")
  List<GemmShape> shapes = new ArrayList<>();

  @Option(names = "--variant", paramLabel = "NN|TN|NT|TT", defaultValue = "NN",
      description = "Which operands are stored transposed: NN = A*B, TN = A^T*B (A stored KxM), "
          + "NT = A*B^T (B stored NxK), TT (default: ${DEFAULT-VALUE}).")
  GemmVariant variant;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: lamina.threads or the available processors).")
  Integer threads;

  private String backend;

  /** In any case, as the other choice options. */
  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "current",
      description = "current, scalar or vector (default: ${DEFAULT-VALUE}).")
  void setBackend(String name) {
    backend = name.toLowerCase(Locale.ROOT);
  }

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "7",
      description = "Timed repeats per shape (default: ${DEFAULT-VALUE}).")
  int repeats;

  /** Each repeat's time is kept (for the median): a million is 8 MB and hours of runs. */
  private static final int MAX_REPEATS = 1_000_000;

  @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "1500",
      description = "Warm-up per shape in milliseconds (default: ${DEFAULT-VALUE}).")
  long warmupMillis;

  @Option(names = "--repeat-ms", paramLabel = "MS", defaultValue = "300",
      description = "Minimum duration of one timed repeat (default: ${DEFAULT-VALUE}).")
  long repeatMillis;

  private String stat;

  /** In any case, as the other choice options. */
  @Option(names = "--stat", paramLabel = "STAT", defaultValue = "median",
      description = "median or best of the repeats (default: ${DEFAULT-VALUE}; "
          + "the OpenBLAS peer script reports its best).")
  void setStat(String name) {
    stat = name.toLowerCase(Locale.ROOT);
  }

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the results as JSON (an object for one shape, else an array).")
  Path report;

  @Override
  public Integer call() throws Exception {
    validate();
    OutputFiles.checkOutputs(
        spec.commandLine(), Collections.singletonMap("--report", report), Map.of());
    if (threads != null) {
      Parallel.setThreads(threads);
    }
    ComputeBackend chosen = chosenBackend();
    GemmTimer timer = new GemmTimer(warmupMillis, repeatMillis, repeats);
    PrintWriter out = spec.commandLine().getOut();
    List<GemmResult> results = new ArrayList<>();
    for (GemmShape shape : shapesToRun()) {
      double[] rates = timer.sortedGflops(chosen.gemm(), shape, variant);
      double gflops = stat.equals("best") ? rates[rates.length - 1] : GemmTimer.median(rates);
      GemmResult result = new GemmResult(shape.m(), shape.n(), shape.k(), variant.name(),
          Parallel.threads(), chosen.name(), Math.round(gflops * 10) / 10.0);
      out.println(result.line());
      out.flush();
      results.add(result);
    }
    if (report != null) {
      JsonFiles.write("--report", report, results.size() == 1 ? results.get(0) : results);
    }
    return 0;
  }

  private void validate() {
    Checks.positive(spec, "--size", size == null ? 1 : size);
    if (size != null) {
      try {
        GemmShape.cube(size);
      } catch (TypeConversionException e) {
        throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
      }
    }
    Checks.threads(spec, "--threads", threads);
    if (repeats < 1 || repeats > MAX_REPEATS) {
      throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
          "--repeats must be in [1, %d], got %d", MAX_REPEATS, repeats));
    }
    if (!stat.equals("median") && !stat.equals("best")) {
      throw new ParameterException(
          spec.commandLine(), "--stat must be median or best, got '" + stat + "'");
    }
    if (warmupMillis < 0 || repeatMillis < 0) {
      throw new ParameterException(
          spec.commandLine(), "--warmup-ms and --repeat-ms must not be negative");
    }
  }


  private List<GemmShape> shapesToRun() {
    List<GemmShape> all = new ArrayList<>();
    if (size != null || shapes.isEmpty()) {
      all.add(GemmShape.cube(size == null ? 512 : size));
    }
    all.addAll(shapes);
    return all;
  }

  private ComputeBackend chosenBackend() {
    switch (backend) {
      case "current":
        return ComputeBackends.current();
      case "scalar":
        return ComputeBackends.scalar();
      case "vector":
        return ComputeBackends.vector().orElseThrow(() -> new IllegalStateException(
            "the vector backend is not available: run java with --add-modules "
                + "jdk.incubator.vector"));
      default:
        throw new ParameterException(spec.commandLine(),
            "--backend must be current, scalar or vector, got '" + backend + "'");
    }
  }
}
