/**
 * Lamina's tensor core: the immutable {@link dev.lamina.tensor.Shape}, the float32 row-major
 * {@link dev.lamina.tensor.Tensor}, and the hot kernels under them (GEMM, im2col/col2im,
 * reductions) with a scalar and a Vector API implementation chosen at run time.
 *
 * <p>Everything here is deterministic: parallel work is split over output tiles only, so a result
 * is bitwise identical for any thread count.
 */
package dev.lamina.tensor;
