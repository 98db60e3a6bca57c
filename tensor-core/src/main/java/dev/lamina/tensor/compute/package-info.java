/**
 * The compute backend behind the tensor kernels: the {@link dev.lamina.tensor.compute.Gemm},
 * {@link dev.lamina.tensor.compute.DirectConvolution},
 * {@link dev.lamina.tensor.compute.Elementwise}, {@link dev.lamina.tensor.compute.MaxPooling} and
 * {@link dev.lamina.tensor.compute.ColumnFolding} (im2col and col2im) contracts, their scalar
 * implementations, the run-time choice of the Vector API implementation
 * ({@link dev.lamina.tensor.compute.ComputeBackends}) and the deterministic thread pool
 * ({@link dev.lamina.tensor.compute.Parallel}).
 */
package dev.lamina.tensor.compute;
