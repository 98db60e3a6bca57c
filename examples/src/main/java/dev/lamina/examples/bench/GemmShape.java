package dev.lamina.examples.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A GEMM problem size: {@code C[m×n] = A[m×k] · B[k×n]}, written {@code MxNxK}. */
record GemmShape(int m, int n, int k) {
  /** The most floats one matrix may have: the largest Java array most JVMs allocate. */
  static final long MAX_MATRIX = Integer.MAX_VALUE - 8;

  GemmShape {
    if (m <= 0 || n <= 0 || k <= 0) {
      throw new TypeConversionException(
          "a GEMM shape needs positive sizes, got " + m + "x" + n + "x" + k);
    }
    long largest = Math.max((long) m * k, Math.max((long) k * n, (long) m * n));
    if (largest > MAX_MATRIX) {
      throw new TypeConversionException("the matrices of " + m + "x" + n + "x" + k + " would need "
          + largest + " floats, more than a Java array holds (" + MAX_MATRIX + ")");
    }
  }

  static GemmShape cube(int size) {
    return new GemmShape(size, size, size);
  }

  double flops() {
    return 2.0 * m * n * k;
  }

  @Override
  public String toString() {
    return m + "x" + n + "x" + k;
  }

  /** Parses {@code MxNxK}, e.g. {@code 64x2704x64}. */
  static final class Converter implements ITypeConverter<GemmShape> {
    @Override
    public GemmShape convert(String value) {
      String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
      if (parts.length != 3) {
        throw new TypeConversionException("expected MxNxK like 64x2704x64, got '" + value + "'");
      }
      try {
        return new GemmShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
            Integer.parseInt(parts[2]));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected MxNxK like 64x2704x64, got '" + value + "'");
      }
    }
  }
}
