package dev.lamina.layers;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One scratch buffer a layer reuses from pass to pass instead of allocating (and zeroing) a large
 * array every batch. {@link #take} hands out the kept buffer when it is large enough, else a new
 * one; {@link #give} keeps a buffer for the next pass. Thread-safe: concurrent passes simply get
 * separate buffers, and a buffer that is never given back is garbage-collected as usual.
 *
 * <p>A taken buffer holds stale values: its user must write every element it reads, and must use
 * explicit extents rather than its length, which may be larger than asked.
 */
final class Workspace {
  private final AtomicReference<float[]> kept = new AtomicReference<>();

  /** A buffer of at least {@code size} floats, no longer shared with anyone. */
  float[] take(int size) {
    float[] buffer = kept.getAndSet(null);
    return buffer != null && buffer.length >= size ? buffer : new float[size];
  }

  /** Keeps {@code buffer} for a later {@link #take}; the caller must not touch it afterwards. */
  void give(float[] buffer) {
    float[] current = kept.get();
    if (current == null || buffer.length >= current.length) {
      kept.set(buffer);
    }
  }
}
