package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.function.Executable;

/** What a piece of work allocates on the heap, for tests of peak memory. */
final class Allocations {
  private Allocations() {}

  /**
   * The bytes this thread allocates while {@code work} runs (which must not throw); the test is
   * skipped on a JVM that cannot tell.
   */
  static long allocatedBy(Executable work) {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long before = threads.getCurrentThreadAllocatedBytes();
    assertDoesNotThrow(work);
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
