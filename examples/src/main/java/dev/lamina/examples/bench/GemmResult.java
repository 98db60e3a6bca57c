package dev.lamina.examples.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One measured GEMM shape, as printed and written to the JSON report. */
@JsonPropertyOrder({"m", "n", "k", "variant", "threads", "backend", "gflops"})
record GemmResult(int m, int n, int k, String variant, int threads, String backend,
    double gflops) {
  /** The line {@code lamina bench gemm} prints; the variant is named unless it is {@code NN}. */
  String line() {
    return String.format(java.util.Locale.ROOT, "gemm %dx%dx%d%s: %.1f GFLOP/s (%s, %d thread%s)",
        m, n, k, variant.equals("NN") ? "" : " " + variant, gflops, backend, threads,
        threads == 1 ? "" : "s");
  }
}
