/**
 * Data for training: the {@link dev.lamina.datasets.Dataset} abstraction and its batching, IDX
 * file reading that rejects damaged files, and MNIST / Fashion-MNIST that find, fetch and verify
 * themselves. {@link dev.lamina.datasets.AtomicFiles} writes the cache's files, and the model files
 * and reports of the modules above, completely or not at all.
 */
package dev.lamina.datasets;
