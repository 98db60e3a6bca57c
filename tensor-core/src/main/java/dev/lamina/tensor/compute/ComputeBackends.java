package dev.lamina.tensor.compute;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the compute backend once, at first use, the way Apache Lucene chooses its vectorization
 * provider: when the {@code jdk.incubator.vector} module is in the boot layer, the Vector API
 * backend is loaded reflectively (nothing links to it statically); otherwise the scalar backend
 * runs and one WARN says how to enable the fast one.
 *
 * <p>The system property {@code lamina.backend=scalar} forces the scalar backend.
 */
public final class ComputeBackends {
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_BACKEND = "dev.lamina.tensor.vector.VectorBackend";
  private static final Logger LOG = LoggerFactory.getLogger(ComputeBackends.class);
  private static final ComputeBackend SCALAR = new ScalarBackend();

  private ComputeBackends() {}

  /** The backend kernels use. */
  public static ComputeBackend current() {
    return Holder.CURRENT;
  }

  /** The portable scalar backend, always available. */
  public static ComputeBackend scalar() {
    return SCALAR;
  }

  /** The Vector API backend, when the JVM runs with {@code --add-modules jdk.incubator.vector}. */
  public static Optional<ComputeBackend> vector() {
    return Holder.VECTOR;
  }

  private static final class Holder {
    static final Optional<ComputeBackend> VECTOR = loadVector();
    static final ComputeBackend CURRENT = choose();

    private static ComputeBackend choose() {
      if ("scalar".equals(System.getProperty("lamina.backend"))) {
        return SCALAR;
      }
      if (VECTOR.isEmpty()) {
        LOG.warn("The Vector API is not enabled, so Lamina runs its slower scalar kernels. "
            + "Run java with '--add-modules {}' for the fast ones.", VECTOR_MODULE);
      }
      return VECTOR.orElse(SCALAR);
    }

    private static Optional<ComputeBackend> loadVector() {
      if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
        return Optional.empty();
      }
      try {
        Class<?> type = Class.forName(VECTOR_BACKEND);
        return Optional.of((ComputeBackend) type.getConstructor().newInstance());
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.warn("The Vector API backend could not be loaded ({}); using the scalar kernels.", e.toString());
        return Optional.empty();
      }
    }
  }
}
