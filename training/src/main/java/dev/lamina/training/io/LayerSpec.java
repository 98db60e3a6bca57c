package dev.lamina.training.io;

import java.util.List;

/**
 * One layer as read from a file: its name in the model, its type name, settings and (for a nested
 * model) children.
 */
record LayerSpec(String name, String typeName, LayerConfig config, List<LayerSpec> children) {}
