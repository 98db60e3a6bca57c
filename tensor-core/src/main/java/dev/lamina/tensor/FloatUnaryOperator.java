package dev.lamina.tensor;

/** A function of one float, without boxing. */
@FunctionalInterface
public interface FloatUnaryOperator {
  float apply(float x);
}
