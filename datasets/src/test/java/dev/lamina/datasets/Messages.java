package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message assertions for tests. */
final class Messages {
  private Messages() {}

  /** Asserts that {@code message} contains every one of {@code parts}. */
  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
    }
  }
}
