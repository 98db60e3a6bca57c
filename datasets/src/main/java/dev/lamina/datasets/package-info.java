/**
 * Data for training: the {@link dev.lamina.datasets.Dataset} abstraction and its batching, IDX
 * file reading that rejects damaged files, and MNIST / Fashion-MNIST that find, fetch and verify
 * themselves.
 */
package dev.lamina.datasets;
