/**
 * Layers and models: the {@link dev.lamina.layers.Layer} contract, the built-in layers,
 * {@link dev.lamina.layers.Parameter}, the {@link dev.lamina.layers.Sequential} model with
 * build-time shape checks and a summary, and gradient checking that users can run on their own
 * layers.
 */
package dev.lamina.layers;
