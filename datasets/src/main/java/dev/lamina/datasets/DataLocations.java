package dev.lamina.datasets;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where downloaded datasets are cached: {@code $LAMINA_HOME/datasets/<name>} when LAMINA_HOME is
 * set, else {@code ${XDG_CACHE_HOME:-~/.cache}/lamina/datasets/<name>}. The environment is read
 * once, by {@link #fromEnvironment()}; tests build one from a map or a plain root.
 */
public final class DataLocations {
  private final Path datasetsRoot;
  private final String origin;

  private DataLocations(Path datasetsRoot, String origin) {
    this.datasetsRoot = datasetsRoot.toAbsolutePath().normalize();
    this.origin = origin;
  }

  /** From the process environment and {@code user.home}. */
  public static DataLocations fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** From the given environment variables and home folder. */
  public static DataLocations fromEnvironment(Map<String, String> env, Path userHome) {
    String laminaHome = env.get("LAMINA_HOME");
    if (laminaHome != null && !laminaHome.isBlank()) {
      return new DataLocations(Path.of(laminaHome).resolve("datasets"), "from LAMINA_HOME");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    boolean fromXdg = xdg != null && !xdg.isBlank();
    Path cache = fromXdg ? Path.of(xdg) : userHome.resolve(".cache");
    return new DataLocations(cache.resolve("lamina").resolve("datasets"),
        fromXdg ? "from XDG_CACHE_HOME" : "in the home folder; set LAMINA_HOME to move it");
  }

  /** Datasets cached directly under {@code root} ({@code root/<name>}). */
  public static DataLocations at(Path root) {
    return new DataLocations(root, "as given");
  }

  /** The folder every dataset's cache folder is in. */
  public Path root() {
    return datasetsRoot;
  }

  /**
   * Where {@link #root()} came from, for messages: {@code from LAMINA_HOME}, {@code from
   * XDG_CACHE_HOME}, {@code in the home folder; set LAMINA_HOME to move it} or {@code as given}.
   */
  public String origin() {
    return origin;
  }

  /** The cache folder of dataset {@code name} (not created). */
  public Path cacheDir(String name) {
    return datasetsRoot.resolve(name);
  }

  @Override
  public String toString() {
    return "DataLocations(" + datasetsRoot + ")";
  }
}
