package dev.lamina.tensor.compute;

/** A set of kernel implementations, reported by name (e.g. {@code scalar}, {@code vector-256}). */
public interface ComputeBackend {
  /** A short name for reports and logs. */
  String name();

  /** This backend's matrix multiply. */
  Gemm gemm();
}
