package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * A trainable tensor: a name (such as {@code kernel} or {@code bias}), its value and a gradient of
 * the same shape. Backward passes add into the gradient; it accumulates until
 * {@link #zeroGradient()}. Optimizers update the value in place.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor gradient;

  /** A parameter over {@code value} (used as is, not copied) with a zero gradient. */
  public Parameter(String name, Tensor value) {
    checkArgument(name != null && !name.isBlank(), "a parameter needs a name");
    this.name = name;
    this.value = value;
    this.gradient = Tensor.zeros(value.shape());
  }

  /** A parameter of zeros with the given shape. */
  public static Parameter zeros(String name, Shape shape) {
    return new Parameter(name, Tensor.zeros(shape));
  }

  public String name() {
    return name;
  }

  /** The current value, updated in place by optimizers. */
  public Tensor value() {
    return value;
  }

  /** The accumulated gradient of the loss with respect to {@link #value()}. */
  public Tensor gradient() {
    return gradient;
  }

  public Shape shape() {
    return value.shape();
  }

  /** The number of scalar values. */
  public int size() {
    return value.size();
  }

  /** Sets the gradient to zero. */
  public void zeroGradient() {
    gradient.fill(0f);
  }

  @Override
  public String toString() {
    return "Parameter " + name + " " + value.shape();
  }
}
