package dev.lamina.examples.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One measured GEMM shape, as printed and written to the JSON report. */
@JsonPropertyOrder({"m", "n", "k", "threads", "backend", "gflops"})
record GemmResult(int m, int n, int k, int threads, String backend, double gflops) {
  /** The line {@code lamina bench gemm} prints. */
  String line() {
    return String.format(java.util.Locale.ROOT, "gemm %dx%dx%d: %.1f GFLOP/s (%s, %d thread%s)",
        m, n, k, gflops, backend, threads, threads == 1 ? "" : "s");
  }
}
