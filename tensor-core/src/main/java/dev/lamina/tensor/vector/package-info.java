/**
 * The compute backend on the incubating Vector API ({@code jdk.incubator.vector}): a packed,
 * register-tiled, cache-blocked SGEMM, dot products for thin {@code A·Bᵀ}, a direct convolution,
 * element-wise kernels, 2×2 max-pooling, im2col and col2im. Nothing outside this package refers to
 * it statically; it is loaded by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 */
package dev.lamina.tensor.vector;
