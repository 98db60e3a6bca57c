package dev.lamina.training.io;

import dev.lamina.tensor.Shape;
import java.util.Locale;

/**
 * The Java heap a model file may ask for, checked before the memory is allocated, so that a forged
 * file with a valid checksum fails with a {@link ModelFileException} instead of running out of
 * memory. A file's parameter shapes can all be consistent while its settings (a padding of 20000,
 * a million filters) make one sample's activations larger than the heap: such a model would load
 * and then fail on the first image.
 *
 * <p>Three checks, each against {@link #maxBytes()} ({@link Runtime#maxMemory()} outside tests):
 *
 * <ul>
 *   <li>the file: reading it holds its bytes and at least as much again for what is decoded from
 *       them (every float is copied into a parameter or a training-state array), so a file larger
 *       than half the heap cannot load;
 *   <li>the parameters: 8 bytes per value (each {@code Parameter} has a value and a gradient),
 *       while the file's bytes are still held;
 *   <li>each per-sample activation (the model's input and every layer's output): 4 bytes per
 *       element beside the parameters, and at most {@link #MAX_ARRAY_ELEMENTS} elements, the most
 *       a Java array holds.
 * </ul>
 *
 * These are lower bounds of what loading and predicting one sample need, so no model that could run
 * is refused; a model that passes may still need more for large batches.
 */
final class HeapBudget {
  /** The most elements a Java array (and so a tensor) can hold on common JVMs. */
  static final int MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;

  private static final double MB = 1 << 20;

  private final long maxBytes;

  /** A budget of {@code maxBytes} bytes of heap. */
  HeapBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The running JVM's limit, {@link Runtime#maxMemory()}. */
  static HeapBudget ofRuntime() {
    return new HeapBudget(Runtime.getRuntime().maxMemory());
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Refuses a file of {@code size} bytes that loading could not hold (more than half the heap). */
  void checkFile(String source, long size) throws ModelFileException {
    if (size > maxBytes / 2) {
      throw ModelFileException.formatted(
          source,
          "the file is %s; loading it needs at least twice that, more than %s",
          mb(size), limit());
    }
  }

  /**
   * Refuses {@code values} parameter values (each with a gradient) that do not fit beside the
   * {@code fileBytes} still held while they are filled. Returns the parameters' bytes.
   */
  long checkParameters(String source, long values, long fileBytes) throws ModelFileException {
    long bytes = 8 * values;
    if (bytes > maxBytes - fileBytes) {
      throw ModelFileException.formatted(
          source,
          "the model's %d parameter values need %s (with their gradients) beside the file's"
              + " %s, more than %s",
          values, mb(bytes), mb(fileBytes), limit());
    }
    return bytes;
  }

  /**
   * Refuses a per-sample activation of shape {@code perSample} that does not fit beside {@code
   * parameterBytes}; {@code what} says where it is, as in "layer conv2d_1 outputs".
   */
  void checkActivation(String source, String what, Shape perSample, long parameterBytes)
      throws ModelFileException {
    long elements = perSample.size();
    long bytes = 4 * elements;
    if (elements > MAX_ARRAY_ELEMENTS) {
      throw ModelFileException.formatted(
          source,
          "%s %s (%s) per sample: %d elements, more than a Java array holds (%d)",
          what, perSample, mb(bytes), elements, MAX_ARRAY_ELEMENTS);
    }
    if (bytes > maxBytes - parameterBytes) {
      throw ModelFileException.formatted(
          source,
          "%s %s (%s) per sample; beside the parameters' %s that is more than %s, so not"
              + " even one sample fits",
          what, perSample, mb(bytes), mb(parameterBytes), limit());
    }
  }

  private String limit() {
    return "the Java heap's limit of " + mb(maxBytes) + " (give Java more heap with -Xmx)";
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / MB);
  }
}
