/**
 * The compute backend behind the tensor kernels: the {@link dev.lamina.tensor.compute.Gemm},
 * {@link dev.lamina.tensor.compute.DirectConvolution},
 * {@link dev.lamina.tensor.compute.Elementwise} and {@link dev.lamina.tensor.compute.MaxPooling}
 * contracts, their scalar implementations, the run-time choice of the Vector API implementation
 * ({@link dev.lamina.tensor.compute.ComputeBackends}) and the deterministic thread pool
 * ({@link dev.lamina.tensor.compute.Parallel}).
 */
package dev.lamina.tensor.compute;
