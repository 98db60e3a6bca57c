package dev.lamina.datasets;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the Java heap can still give, asked before a file's body is allocated so that a header
 * promising more than fits fails naming the file instead of ending in an {@code
 * OutOfMemoryError}. A necessary condition only: a fragmented heap may still refuse a large array.
 */
final class HeapBudget {
  /**
   * The running JVM: its limit ({@code -Xmx}) less what is in use, and, for a request of more than
   * a third of that, no more than the roomiest of its heap's spaces can still take (with the
   * parallel or serial collector a large array must fit the old generation, about two thirds of
   * the limit). Small requests skip asking the memory pools, which loads the JDK's management
   * classes (about 60 classes and 25 ms on the first call).
   */
  static final HeapBudget JVM = new HeapBudget(HeapBudget::runtimeFree, HeapBudget::roomiestPool,
      Runtime.getRuntime().maxMemory(), System::gc);

  private final LongSupplier free;
  private final LongSupplier roomiest;
  private final long limit;
  private final Runnable collect;

  /** A heap that can give {@code free} more bytes, of {@code limit} in all (a seam for tests). */
  HeapBudget(LongSupplier free, long limit) {
    this(free, () -> Long.MAX_VALUE, limit, () -> {});
  }

  /**
   * A heap that can give {@code free} more bytes, a request over a third of that no more than
   * {@code roomiest}, of {@code limit} in all, and that runs {@code collect} before it refuses (a
   * seam for tests).
   */
  HeapBudget(LongSupplier free, LongSupplier roomiest, long limit, Runnable collect) {
    this.free = free;
    this.roomiest = roomiest;
    this.limit = limit;
    this.collect = collect;
  }

  /**
   * Returns when {@code bytes} more fit the heap, measured again after a collection when the
   * first look says no (garbage not yet collected is not a reason to refuse).
   *
   * @param what what the bytes are for, e.g. {@code loading 1 image of 40000x40000}
   * @throws IdxFormatException naming {@code file}, what, the bytes needed and the heap's limit
   */
  void require(Path file, String what, long bytes) throws IdxFormatException {
    if (bytes <= available(bytes)) {
      return;
    }
    collect.run();
    long available = available(bytes);
    if (bytes > available) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "too large for the Java heap: %s needs %s, but the heap can give only %s more (limit"
              + " %s): give Java more heap (-Xmx)",
          what, size(bytes), size(Math.max(0, available)), size(limit)));
    }
  }

  private long available(long bytes) {
    long total = free.getAsLong();
    return bytes <= total / 3 ? total : Math.min(total, roomiest.getAsLong());
  }

  private static long runtimeFree() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
  }

  private static long roomiestPool() {
    long roomiest = Long.MAX_VALUE;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pool.getUsage();
      if (pool.getType() == MemoryType.HEAP && usage != null && usage.getMax() >= 0) {
        long room = usage.getMax() - usage.getUsed();
        roomiest = roomiest == Long.MAX_VALUE ? room : Math.max(roomiest, room);
      }
    }
    return roomiest;
  }

  /** {@code 1,234 bytes} below a MB, else {@code 7,630 MB} (MiB, rounded). */
  private static String size(long bytes) {
    long mb = 1 << 20;
    return bytes < mb
        ? String.format(Locale.ROOT, "%,d bytes", bytes)
        : String.format(Locale.ROOT, "%,d MB", (bytes + mb / 2) / mb);
  }
}
