package dev.lamina.tensor.compute;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the compute backend once, at first use, the way Apache Lucene chooses its vectorization
 * provider: when the {@code jdk.incubator.vector} module is in the boot layer, the Vector API
 * backend is loaded reflectively (nothing links to it statically); otherwise the scalar backend
 * runs and one WARN says how to enable the fast one.
 *
 * <p>The system property {@code lamina.backend=scalar} forces the scalar backend
 * ({@code auto}, the default, and {@code vector} take the fast one when it is available).
 */
public final class ComputeBackends {
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  static final String VECTOR_BACKEND = "dev.lamina.tensor.vector.VectorBackend";
  private static final Logger LOG = LoggerFactory.getLogger(ComputeBackends.class);
  private static final ComputeBackend SCALAR = new ScalarBackend();
  private static final AtomicBoolean WARM_UP_STARTED = new AtomicBoolean();

  private ComputeBackends() {}

  /** The backend kernels use. */
  public static ComputeBackend current() {
    return Holder.CURRENT;
  }

  /**
   * Starts {@link ComputeBackend#warmUp()} of the current backend on a daemon thread and returns at
   * once. Call it when a program starts, before it loads its data: the kernels are then compiled
   * while the data loads instead of during the first epoch (Vector API code runs many times slower
   * until the JIT compiler has compiled it). Calling it again does nothing.
   */
  public static void warmUpInBackground() {
    if (WARM_UP_STARTED.compareAndSet(false, true)) {
      Thread thread = new Thread(() -> {
        try {
          current().warmUp();
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
          // Only the speed of the first calls is at stake; the real calls report real failures
          // (a program short of heap hears of it from its own allocation, not from this thread).
          LOG.debug("The kernel warm-up stopped early", e);
        }
      }, "lamina-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The portable scalar backend, always available. */
  public static ComputeBackend scalar() {
    return SCALAR;
  }

  /** The Vector API backend, when the JVM runs with {@code --add-modules jdk.incubator.vector}. */
  public static Optional<ComputeBackend> vector() {
    return Holder.VECTOR;
  }

  /**
   * The backend for a {@code lamina.backend} setting ({@code null}, {@code auto}, {@code scalar} or
   * {@code vector}) given the vector backend, if it loaded; {@code warn} receives the one warning.
   */
  static ComputeBackend choose(String requested, Optional<ComputeBackend> vector,
      Consumer<String> warn) {
    String choice = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
    if (choice.equals("scalar")) {
      return SCALAR;
    }
    if (!choice.equals("auto") && !choice.equals("vector")) {
      warn.accept("lamina.backend must be auto, vector or scalar, got '" + requested
          + "'; choosing automatically.");
    }
    if (vector.isEmpty()) {
      warn.accept("The Vector API is not enabled, so Lamina runs its slower scalar kernels. "
          + "Run java with '--add-modules " + VECTOR_MODULE + "' for the fast ones.");
      return SCALAR;
    }
    return vector.get();
  }

  /**
   * Instantiates {@code className} (a {@link ComputeBackend} with a public no-arg constructor) when
   * {@code modulePresent}; empty, after a warning, when that fails.
   */
  static Optional<ComputeBackend> load(boolean modulePresent, String className,
      Consumer<String> warn) {
    if (!modulePresent) {
      return Optional.empty();
    }
    try {
      Class<?> type = Class.forName(className);
      return Optional.of((ComputeBackend) type.getConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      warn.accept(
          "The Vector API backend could not be loaded (" + e + "); using the scalar kernels.");
      return Optional.empty();
    }
  }

  private static final class Holder {
    static final Optional<ComputeBackend> VECTOR = load(
        ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(), VECTOR_BACKEND, LOG::warn);
    static final ComputeBackend CURRENT =
        choose(System.getProperty("lamina.backend"), VECTOR, LOG::warn);
  }
}
