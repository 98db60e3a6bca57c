/**
 * Model persistence: a data-only, versioned, checksummed model file ({@link
 * dev.lamina.training.io.ModelFiles}), the registry that maps layer type names to codecs ({@link
 * dev.lamina.training.io.LayerRegistry}) and the training state saved with a checkpoint ({@link
 * dev.lamina.training.io.TrainingState}). Loading only ever creates registered layer types.
 */
package dev.lamina.training.io;
