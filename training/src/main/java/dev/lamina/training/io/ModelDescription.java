package dev.lamina.training.io;

import dev.lamina.tensor.Shape;
import java.util.List;

/**
 * A model file's parsed content, before any layer is created; {@code state} is null when absent.
 */
record ModelDescription(
    Shape inputShape,
    List<LayerSpec> layers,
    List<ParameterRecord> parameters,
    TrainingState state,
    LeInput data) {}
