package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {
  private static final Path FILE = Path.of("data/t10k-images-idx3-ubyte");

  @Test
  void aLargeRequestMustAlsoFitTheRoomiestSpaceWhichSmallOnesDoNotAsk() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    HeapBudget heap = new HeapBudget(() -> 900, () -> {
      asked.incrementAndGet();
      return 400;
    }, 900, () -> {});

    heap.require(FILE, "small", 300);
    assertEquals(0, asked.get(), "a third of the free heap or less does not ask the spaces");
    heap.require(FILE, "fits the old space", 400);
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> heap.require(FILE, "loading 1 image of 30x30", 500));

    assertTrue(e.getMessage().contains("loading 1 image of 30x30 needs 500 bytes, but the heap"
        + " can give only 400 bytes more"), e.getMessage());
    assertTrue(e.getMessage().startsWith("t10k-images-idx3-ubyte: "), e.getMessage());
  }

  @Test
  void garbageIsCollectedBeforeARefusal() throws Exception {
    AtomicLong free = new AtomicLong(100);
    AtomicInteger collections = new AtomicInteger();
    HeapBudget heap = new HeapBudget(free::get, () -> Long.MAX_VALUE, 1000, () -> {
      collections.incrementAndGet();
      free.set(1000);
    });

    heap.require(FILE, "after a collection", 800);

    assertEquals(1, collections.get());
  }
}
