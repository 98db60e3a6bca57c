package dev.lamina.layers;

/**
 * Marks a built-in layer whose inference output is either a new tensor that only the caller holds
 * or a view of its input (Flatten's reshape, Dropout's identity), never a tensor the layer keeps
 * or shares otherwise. {@link Sequential#predict} overwrites such outputs in place
 * ({@link InPlaceInference}); the outputs of other layers, such as custom ones, it leaves alone.
 */
interface FreshOutput {}
