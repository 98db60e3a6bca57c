package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.training.Evaluation;
import dev.lamina.training.Evaluator;
import dev.lamina.training.loss.Losses;

/**
 * Measures a model on a dataset with the training module's {@link Evaluator}, in chunks sized to
 * the Java heap.
 *
 * <p>The sizing lives here, not in the {@link Evaluator}: the library runs the chunk it is given
 * (1000 by default), so that a call gives the same mean loss, to the bit, whatever the heap; its
 * chunking changes only the loss's rounding, never a prediction. The command line prints only
 * what no chunking changes (accuracy, per-class accuracy, confusion matrix), so it can take
 * fewer samples at a time when the default would not fit, and evaluate every model whose one
 * sample can be predicted.
 */
final class Evaluations {
  private Evaluations() {}

  /**
   * The model's cross-entropy, accuracy and confusion matrix on {@code data}, in chunks of {@link
   * #chunk} samples for the running JVM's heap limit; does not modify the model.
   */
  static Evaluation of(Sequential model, Dataset data) {
    return of(model, data, Runtime.getRuntime().maxMemory());
  }

  /** As {@link #of(Sequential, Dataset)} for a heap limit of {@code heapBytes}. */
  static Evaluation of(Sequential model, Dataset data, long heapBytes) {
    return Evaluator.evaluate(model, Losses.crossEntropy(), data, chunk(model, data, heapBytes));
  }

  /**
   * Samples per chunk when evaluating {@code model} on {@code data} with a heap limit of {@code
   * heapBytes}: {@link Evaluator#DEFAULT_CHUNK}, or fewer when that many samples' activations do
   * not fit a quarter of the heap left beside the dataset's features and the model's parameters
   * (with their gradients); at least 1. A sample's activations are taken as the largest input
   * plus output of one layer (4 bytes an element), both live while the layer runs; the other
   * three quarters are for what layers hold beside their outputs (a convolution's unfolded
   * columns, a kernel-area multiple of its output for a few images) and for the collector, which
   * needs each large array whole in one generation.
   */
  static int chunk(Sequential model, Dataset data, long heapBytes) {
    long held = 4L * data.size() * data.sampleShape().size() + 8L * model.parameterCount();
    long perSample = 4 * largestStep(model);
    long fits = (heapBytes - held) / 4 / perSample;
    return (int) Math.max(1, Math.min(Evaluator.DEFAULT_CHUNK, fits));
  }

  /** The most elements one layer's input and output hold together for one sample. */
  private static long largestStep(Sequential model) {
    long largest = 0;
    Shape in = model.inputShape();
    for (int i = 0; i < model.layers().size(); i++) {
      Shape out = model.layerOutputShape(i);
      largest = Math.max(largest, (long) in.size() + out.size());
      in = out;
    }
    return Math.max(1, largest);
  }
}
