package dev.lamina.layers;

import dev.lamina.tensor.Tensor;

/**
 * A layer whose inference output is an element-wise function of its input (an activation), which
 * {@link Sequential#predict} may therefore compute in the place of its input instead of in a new
 * tensor of the same size: as PyTorch's {@code ReLU(inplace=True)}, but only where it is safe.
 * {@code predict} does it only for an input that an earlier built-in layer of the same call made
 * and that nobody else holds, never for the caller's tensor, a view of it or a custom layer's
 * output; everywhere else the layer's {@link Layer#forward} runs as usual.
 *
 * <p>Only a layer whose output is shaped like its input may implement it, and
 * {@code inferInPlace} must write exactly what {@code forward(x, false)} returns, only inside
 * {@code x}'s elements, and keep no reference to {@code x}. {@link LayerContract} checks the first
 * three; {@code predict} also runs {@code forward} for a layer whose output shape differs.
 *
 * <p>A custom element-wise layer implements it with the same function as its forward pass:
 *
 * <pre>{@code
 * public void inferInPlace(Tensor x) {
 *   x.mapInPlace(v -> v * sigmoid(v));   // what forward(x, false) returns, written over x
 * }
 * }</pre>
 */
public interface InPlaceInference {
  /**
   * Overwrites every element of {@code x} with what {@link Layer#forward forward(x, false)} would
   * output for it, bit for bit. Only {@code x} is modified.
   */
  void inferInPlace(Tensor x);
}
