package dev.lamina.tensor;

/** A function of two floats, without boxing. */
@FunctionalInterface
public interface FloatBinaryOperator {
  float apply(float x, float y);
}
