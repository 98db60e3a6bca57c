package dev.lamina.training.io;

import java.util.Locale;

/**
 * The Java heap a model file may ask for, checked before the memory is allocated, so that a large
 * or forged file fails with a {@link ModelFileException} instead of running out of memory: reading
 * a file holds its bytes and at least as much again for what is decoded from them (every float is
 * copied into a parameter or a training-state array), so a file larger than half of {@link
 * #maxBytes()} ({@link Runtime#maxMemory()} outside tests) cannot load.
 */
final class HeapBudget {
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
      throw new ModelFileException(
          source,
          String.format(
              Locale.ROOT,
              "the file is %s; loading it needs at least twice that, more than %s",
              mb(size), limit()));
    }
  }

  private String limit() {
    return "the Java heap's limit of " + mb(maxBytes) + " (give Java more heap with -Xmx)";
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / MB);
  }
}
