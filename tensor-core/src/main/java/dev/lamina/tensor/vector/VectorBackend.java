package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.ComputeBackend;
import dev.lamina.tensor.compute.Gemm;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API backend, named after the preferred vector width ({@code vector-256},
 * {@code vector-512}). {@link dev.lamina.tensor.compute.ComputeBackends} loads it reflectively, so
 * only this package links to {@code jdk.incubator.vector}.
 */
public final class VectorBackend implements ComputeBackend {
  private final Gemm gemm = new VectorGemm();

  /** Creates the backend; fails with a {@link LinkageError} when the Vector API is missing. */
  public VectorBackend() {}

  @Override
  public String name() {
    return "vector-" + FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  @Override
  public Gemm gemm() {
    return gemm;
  }
}
