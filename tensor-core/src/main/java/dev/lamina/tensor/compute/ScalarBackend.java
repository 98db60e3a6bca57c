package dev.lamina.tensor.compute;

/** The portable backend: plain Java loops that the JIT may auto-vectorize. */
public final class ScalarBackend implements ComputeBackend {
  static final DirectConvolution DIRECT_CONVOLUTION = new ScalarDirectConvolution();
  static final Elementwise ELEMENTWISE = new ScalarElementwise();
  static final MaxPooling MAX_POOLING = new ScalarMaxPooling();
  static final ColumnFolding COLUMN_FOLDING = new ScalarColumnFolding();
  private final Gemm gemm = new ScalarGemm();

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public Gemm gemm() {
    return gemm;
  }
}
