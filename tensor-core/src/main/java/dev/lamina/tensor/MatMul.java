package dev.lamina.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.compute.ComputeBackends;

/**
 * Matrix products of rank-2 tensors through the active {@link ComputeBackends compute backend}:
 * {@code op(A) · op(B)}, where {@code op} optionally transposes its operand without copying it.
 */
public final class MatMul {
  private MatMul() {}

  /** A new {@code op(a) · op(b)}. */
  public static Tensor multiply(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
    int m = rows(a, transposeA);
    int n = cols(b, transposeB);
    Tensor out = Tensor.zeros(Shape.of(m, n));
    into(a, transposeA, b, transposeB, out, false);
    return out;
  }

  /**
   * Writes {@code op(a) · op(b)} into {@code out} or, with {@code accumulate}, adds it to
   * {@code out}. Only {@code out} is modified; it must be {@code [rows of op(a), cols of op(b)]}
   * and share no element with {@code a} or {@code b} (the product reads them while it writes).
   */
  public static void into(Tensor a, boolean transposeA, Tensor b, boolean transposeB,
      Tensor out, boolean accumulate) {
    checkArgument(a.rank() == 2 && b.rank() == 2,
        "matmul: expected rank-2 operands, got %s x %s", a.shape(), b.shape());
    int m = rows(a, transposeA);
    int k = cols(a, transposeA);
    int kb = rows(b, transposeB);
    int n = cols(b, transposeB);
    if (k != kb) {
      throw new IllegalArgumentException("matmul: " + describe(a, transposeA) + " x "
          + describe(b, transposeB) + ": inner dimensions differ (" + k + " vs " + kb + ")");
    }
    checkArgument(out.rank() == 2 && out.dim(0) == m && out.dim(1) == n,
        "matmul: %s x %s gives [%s, %s], but the output is %s",
        describe(a, transposeA), describe(b, transposeB), m, n, out.shape());
    if (Tensor.overlaps(out, a) || Tensor.overlaps(out, b)) {
      throw new IllegalArgumentException("matmul: the output " + out.shape() + " shares elements"
          + " with the " + (Tensor.overlaps(out, a) ? "first" : "second") + " operand; write the"
          + " product into a separate tensor");
    }
    ComputeBackends.current().gemm().multiply(transposeA, transposeB, m, n, k,
        a.data(), a.offset(), a.dim(1), b.data(), b.offset(), b.dim(1),
        accumulate, out.data(), out.offset(), n);
  }

  private static int rows(Tensor t, boolean transposed) {
    checkArgument(t.rank() == 2, "matmul: expected a rank-2 operand, got %s", t.shape());
    return transposed ? t.dim(1) : t.dim(0);
  }

  private static int cols(Tensor t, boolean transposed) {
    checkArgument(t.rank() == 2, "matmul: expected a rank-2 operand, got %s", t.shape());
    return transposed ? t.dim(0) : t.dim(1);
  }

  private static String describe(Tensor t, boolean transposed) {
    return t.shape() + (transposed ? " transposed" : "");
  }
}
