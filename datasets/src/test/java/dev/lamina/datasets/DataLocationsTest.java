package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataLocationsTest {
  private static final Path HOME = Path.of("/home/ada");

  private static Path cacheDir(Map<String, String> env) {
    return DataLocations.fromEnvironment(env, HOME).cacheDir("mnist");
  }

  @Test
  void laminaHomeWins() {
    assertEquals(Path.of("/data/lamina/datasets/mnist"),
        cacheDir(Map.of("LAMINA_HOME", "/data/lamina", "XDG_CACHE_HOME", "/xdg")));
  }

  @Test
  void xdgCacheHomeIsNext() {
    assertEquals(Path.of("/xdg/lamina/datasets/mnist"), cacheDir(Map.of("XDG_CACHE_HOME", "/xdg")));
  }

  @Test
  void homeCacheIsTheDefault() {
    assertEquals(Path.of("/home/ada/.cache/lamina/datasets/mnist"), cacheDir(Map.of()));
    assertEquals(Path.of("/home/ada/.cache/lamina/datasets/mnist"),
        cacheDir(Map.of("LAMINA_HOME", " ", "XDG_CACHE_HOME", "")));
  }
}
