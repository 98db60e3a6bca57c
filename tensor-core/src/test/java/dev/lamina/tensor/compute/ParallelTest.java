package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private final int original = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(original);
    System.clearProperty("lamina.threads");
  }

  @Test
  void runsEveryTaskOnceAndRethrowsTheFirstFailure() {
    Parallel.setThreads(3);
    int[] hits = new int[1000];
    Parallel.forEach(hits.length, i -> hits[i]++);
    int[] ones = new int[1000];
    java.util.Arrays.fill(ones, 1);
    assertArrayEquals(ones, hits);

    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> Parallel.forEach(10, i -> {
          if (i == 7) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
  }

  /**
   * The calling thread spins only a short while for tasks that run on other threads, then parks:
   * a task that takes far longer than the spin is still waited for, and its writes are seen.
   */
  @Test
  void tasksThatOutlastTheCallersSpinAreWaitedFor() {
    Parallel.setThreads(2);
    Thread caller = Thread.currentThread();
    for (int round = 0; round < 3; round++) {
      CountDownLatch otherStarted = new CountDownLatch(1);
      int[] done = new int[2];
      Parallel.forEach(2, i -> {
        if (Thread.currentThread() != caller) {
          otherStarted.countDown();
          sleepMillis(20); // 400 times the spin
        } else {
          try {
            otherStarted.await(100, TimeUnit.MILLISECONDS); // give the pool thread a task
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        done[i] = 1;
      });
      assertArrayEquals(new int[] {1, 1}, done, "round " + round);
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sizes near Integer.MAX_VALUE once overflowed the chunk arithmetic and ran no chunk at all. */
  @Test
  void rangesUpToTheLargestIntAreCoveredExactlyOnce() {
    Parallel.setThreads(2);
    for (int n : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 2_000_000_000}) {
      for (int grain : new int[] {1, Integer.MAX_VALUE / 3}) {
        List<long[]> ranges = new CopyOnWriteArrayList<>();
        Parallel.forRange(n, grain, (from, to) -> ranges.add(new long[] {from, to}));
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long next = 0;
        for (long[] r : ranges) {
          assertEquals(next, r[0], "n " + n + ", grain " + grain);
          assertTrue(r[1] > r[0], "n " + n + ", grain " + grain);
          next = r[1];
        }
        assertEquals(n, next, "n " + n + ", grain " + grain);
      }
    }
  }

  /**
   * Two workers on three threads: the first task of each waits until the other worker has started
   * too, so both run at once; a worker index found busy, a task run twice or a third worker index
   * fails.
   */
  @Test
  void workerTasksRunOnceEachAndNoWorkerIndexIsHeldByTwoThreadsAtOnce() {
    Parallel.setThreads(3);
    int[] hits = new int[300];
    AtomicIntegerArray busy = new AtomicIntegerArray(2);
    Set<Integer> workersSeen = ConcurrentHashMap.newKeySet();
    CountDownLatch bothStarted = new CountDownLatch(2);
    Parallel.forEachWorker(hits.length, 2, (worker, i) -> {
      assertTrue(busy.compareAndSet(worker, 0, 1), "worker " + worker + " already busy");
      if (workersSeen.add(worker)) {
        bothStarted.countDown();
        try {
          assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "the other worker never started");
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      hits[i]++;
      busy.set(worker, 0);
    });
    int[] ones = new int[hits.length];
    java.util.Arrays.fill(ones, 1);
    assertArrayEquals(ones, hits);
    assertEquals(Set.of(0, 1), workersSeen);

    Thread caller = Thread.currentThread();
    Parallel.forEachWorker(5, 1, (worker, i) -> {
      assertEquals(0, worker);
      assertSame(caller, Thread.currentThread());
    });
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(boom, assertThrows(IllegalStateException.class,
        () -> Parallel.forEachWorker(10, 2, (worker, i) -> {
          if (i == 4) {
            throw boom;
          }
        })));
    assertThrows(IllegalArgumentException.class, () -> Parallel.forEachWorker(3, 0, (w, i) -> { }));
  }

  @Test
  void rangesCoverTheWholeIntervalOnce() {
    Parallel.setThreads(2);
    AtomicInteger total = new AtomicInteger();
    int[] seen = new int[777];
    Parallel.forRange(seen.length, 10, (from, to) -> {
      for (int i = from; i < to; i++) {
        seen[i]++;
        total.incrementAndGet();
      }
    });
    assertEquals(777, total.get());
    for (int s : seen) {
      assertEquals(1, s);
    }
  }

  @Test
  void changingTheThreadCountWhileOtherThreadsComputeLosesNoWork() throws Exception {
    Parallel.setThreads(2);
    ExecutorService callers = Executors.newFixedThreadPool(3);
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<?>[] running = new Future<?>[3];
      for (int c = 0; c < running.length; c++) {
        running[c] = callers.submit(() -> {
          start.await();
          for (int round = 0; round < 200; round++) {
            AtomicInteger done = new AtomicInteger();
            Parallel.forEach(16, i -> done.incrementAndGet());
            assertEquals(16, done.get());
          }
          return null;
        });
      }
      start.countDown();
      for (int round = 0; round < 200; round++) {
        Parallel.setThreads(2 + round % 3);
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** Two trainers with different thread counts, alternating, once left hundreds of workers. */
  @Test
  void theWorkersOfAReplacedPoolEnd() throws InterruptedException {
    for (int round = 0; round < 50; round++) {
      Parallel.setThreads(8 - round % 2);
      Parallel.forEach(64, i -> { });
    }
    Parallel.setThreads(3);
    Parallel.forEach(64, i -> { });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (liveWorkers() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(liveWorkers() <= 2, liveWorkers() + " workers alive for a pool of 2");
  }

  private static long liveWorkers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lamina-worker-")).count();
  }

  @Test
  void anInvalidThreadSettingFallsBackToTheProcessorCount() {
    int processors = Runtime.getRuntime().availableProcessors();
    System.setProperty("lamina.threads", "abc");
    assertEquals(processors, Parallel.initialThreads());
    System.setProperty("lamina.threads", "-2");
    assertEquals(processors, Parallel.initialThreads());
    System.setProperty("lamina.threads", "32769");
    assertEquals(processors, Parallel.initialThreads());
    System.setProperty("lamina.threads", " 3 ");
    assertEquals(3, Parallel.initialThreads());
  }

  @Test
  void aThreadCountBeyondWhatAPoolCanHoldIsRefusedWithItsRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Parallel.setThreads(Parallel.MAX_THREADS + 1));
    assertEquals("threads must be in [1, 32768], got 32769", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
  }

  @Test
  void theValidThreadCountsAreOneToTheMaximum() {
    assertEquals(List.of(false, true, true, false),
        List.of(Parallel.isValidThreads(0), Parallel.isValidThreads(1),
            Parallel.isValidThreads(Parallel.MAX_THREADS),
            Parallel.isValidThreads(Parallel.MAX_THREADS + 1)));
  }
}
