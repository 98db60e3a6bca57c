package dev.lamina.training.io;

import dev.lamina.tensor.Shape;

/** One stored parameter: its qualified name, shape and the byte offset of its float32 values. */
record ParameterRecord(String name, Shape shape, int dataOffset) {}
