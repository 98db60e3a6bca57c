package dev.lamina.examples.bench;

/**
 * Which GEMM operands are stored transposed: {@code NN} is {@code A·B}, {@code TN} is
 * {@code Aᵀ·B} (A stored {@code k × m}), {@code NT} is {@code A·Bᵀ} (B stored
 * {@code n × k}), {@code TT} both.
 */
enum GemmVariant {
  NN(false, false), TN(true, false), NT(false, true), TT(true, true);

  private final boolean transA;
  private final boolean transB;

  GemmVariant(boolean transA, boolean transB) {
    this.transA = transA;
    this.transB = transB;
  }

  boolean transA() {
    return transA;
  }

  boolean transB() {
    return transB;
  }
}
