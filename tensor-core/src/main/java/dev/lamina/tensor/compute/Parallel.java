package dev.lamina.tensor.compute;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.LoggerFactory;

/**
 * Lamina's worker threads. Kernels split their work into independent tasks, each writing its own
 * part of the output, so a result never depends on how many threads ran it.
 *
 * <p>The thread count defaults to the available processors and can be set with the system property
 * {@code lamina.threads} or {@link #setThreads(int)}.
 */
public final class Parallel {
  /**
   * The most threads {@link #setThreads} accepts: the calling thread plus the most workers a
   * {@link ForkJoinPool} can have (32,767).
   */
  public static final int MAX_THREADS = 32_768;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  private static volatile int threads = initialThreads();
  private static volatile ForkJoinPool pool;

  /** Whether {@code n} is a thread count {@link #setThreads} accepts: 1 to {@link #MAX_THREADS}. */
  public static boolean isValidThreads(int n) {
    return n > 0 && n <= MAX_THREADS;
  }

  /** Set while a thread runs tasks of a {@link #forEach}, so that nested calls run inline. */
  private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);

  private Parallel() {}

  /** The {@code lamina.threads} setting, or the processor count when it is absent or invalid. */
  static int initialThreads() {
    int processors = Runtime.getRuntime().availableProcessors();
    String configured = System.getProperty("lamina.threads");
    if (configured == null || configured.isBlank()) {
      return processors;
    }
    try {
      int n = Integer.parseInt(configured.trim());
      if (isValidThreads(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LoggerFactory.getLogger(Parallel.class).warn(
        "lamina.threads must be a whole number in [1, {}], got '{}'; using {} threads",
        MAX_THREADS, configured, processors);
    return processors;
  }

  /** The number of threads kernels may use. */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the number of threads kernels may use from now on, for the whole JVM; {@code n} must be
   * in 1 to {@link #MAX_THREADS}. The old pool is shut down: tasks already handed to it finish,
   * and a call still running on another thread that offers it more work has that work refused
   * and runs it on its own thread (as {@link #forEach} always may), so no result changes. Its
   * workers end once it is idle, rather than lingering for minutes each.
   */
  public static synchronized void setThreads(int n) {
    checkArgument(isValidThreads(n), "threads must be in [1, %s], got %s", MAX_THREADS, n);
    if (n != threads) {
      threads = n;
      ForkJoinPool old = pool;
      pool = null;
      if (old != null) {
        old.shutdown();
      }
    }
  }

  /**
   * Runs {@code task.accept(i)} for every {@code i} in {@code [0, tasks)}, in parallel when more
   * than one thread is configured, and returns when all are done. Tasks must write disjoint
   * outputs; an exception thrown by a task is rethrown here.
   *
   * <p>The calling thread works too: it and up to {@code threads() - 1} pool workers take the
   * next unclaimed index until none is left, so a thread that starts late (or is preempted on a
   * busy machine) simply runs fewer tasks. A {@code forEach} called from inside a task runs
   * sequentially on that thread.
   */
  public static void forEach(int tasks, IntConsumer task) {
    if (tasks <= 0) {
      return;
    }
    if (tasks == 1 || threads == 1 || IN_TASK.get()) {
      for (int i = 0; i < tasks; i++) {
        task.accept(i);
      }
      return;
    }
    new Batch(tasks, task).run(pool(), Math.min(threads, tasks) - 1);
  }

  /**
   * Splits {@code [0, n)} into chunks of at least {@code grain} elements and runs
   * {@code body.run(from, to)} on each, as {@link #forEach} does.
   */
  public static void forRange(int n, int grain, RangeTask body) {
    if (n <= 0) {
      return;
    }
    int chunks = Math.max(1, Math.min(threads * 4, n / Math.max(1, grain)));
    // in long: for n near Integer.MAX_VALUE the rounded-up ends pass it
    int step = (int) (((long) n + chunks - 1) / chunks);
    int count = (int) (((long) n + step - 1) / step);
    forEach(count, c -> body.run(c * step, (int) Math.min(n, (c + 1L) * step)));
  }

  /**
   * Runs {@code body.run(worker, i)} for every {@code i} in {@code [0, tasks)} on at most
   * {@code workers} threads at once, as {@link #forEach} does, and returns when all are done. Each
   * worker index in {@code [0, min(workers, tasks))} is held by one thread at a time, so a task may
   * use scratch space that belongs to its worker index. A thread takes the next unclaimed task
   * whenever it finishes one, so a late or preempted thread simply runs fewer tasks. With one
   * worker the tasks run on the calling thread as it is, so the kernels they call may still use
   * every thread (unless the caller is itself a task of a {@link #forEach}).
   */
  public static void forEachWorker(int tasks, int workers, WorkerTask body) {
    checkArgument(workers > 0, "workers must be positive, got %s", workers);
    if (tasks <= 0) {
      return;
    }
    AtomicInteger next = new AtomicInteger();
    forEach(Math.min(workers, tasks), worker -> {
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        body.run(worker, i);
      }
    });
  }

  /** One task of {@link #forEachWorker}: task {@code index} on worker {@code worker}. */
  @FunctionalInterface
  public interface WorkerTask {
    void run(int worker, int index);
  }

  /** A piece of work over the index range {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int from, int to);
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(Math.max(1, threads - 1), fj -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fj);
            t.setName("lamina-worker-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
          }, null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  /** One {@link #forEach} call: a shared counter of unclaimed tasks and of unfinished ones. */
  private static final class Batch {
    /**
     * How long the calling thread spins for the tasks still running elsewhere before it parks.
     * Being woken from a park took 10-50 µs on 2 cores, against products of a few hundred µs.
     * The spin runs only while the last tasks run on other threads, so with a processor per
     * thread it delays none of them.
     */
    static final long SPIN_NANOS = 50_000;
    private final int tasks;
    private final IntConsumer task;
    private final Thread caller = Thread.currentThread();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Batch(int tasks, IntConsumer task) {
      this.tasks = tasks;
      this.task = task;
      this.unfinished = new AtomicInteger(tasks);
    }

    void run(ForkJoinPool pool, int helpers) {
      for (int h = 0; h < helpers; h++) {
        try {
          pool.execute(this::work);
        } catch (RejectedExecutionException e) {
          break; // the caller runs whatever no helper claims
        }
      }
      work();
      awaitUnfinished();
      Throwable t = failure.get();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    /**
     * Waits until every task has finished. All are claimed by now, so the ones left are running
     * on other threads: spin for up to {@link #SPIN_NANOS} first, and park only when they take
     * longer.
     */
    private void awaitUnfinished() {
      if (unfinished.get() == 0) {
        return;
      }
      long deadline = System.nanoTime() + SPIN_NANOS;
      while (unfinished.get() > 0 && System.nanoTime() - deadline < 0) {
        Thread.onSpinWait();
      }
      while (unfinished.get() > 0) {
        LockSupport.park(this);
      }
    }

    private void work() {
      boolean nested = IN_TASK.get();
      IN_TASK.set(true);
      try {
        for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
          try {
            task.accept(i);
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            if (unfinished.decrementAndGet() == 0) {
              LockSupport.unpark(caller);
            }
          }
        }
      } finally {
        IN_TASK.set(nested);
      }
    }
  }
}
