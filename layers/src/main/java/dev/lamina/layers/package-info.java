/**
 * Layers and models: the {@link dev.lamina.layers.Layer} contract, the built-in layers (Conv2D,
 * Dense, pooling, activations, Softmax, Dropout), {@link dev.lamina.layers.Parameter}, the
 * {@link dev.lamina.layers.Sequential} model with build-time shape checks and a summary, and the
 * {@link dev.lamina.layers.LayerContract} and {@link dev.lamina.layers.GradientChecker} that users
 * can run on their own layers.
 */
package dev.lamina.layers;
