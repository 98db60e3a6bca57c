package dev.lamina.datasets;

/** Lets the command line's tests run what AtomicFiles' shutdown hook runs, without exiting. */
public final class AtomicFilesShutdown {
  private AtomicFilesShutdown() {}

  /** Runs {@code AtomicFiles.cleanUpAtShutdown}, as the JVM would when shutting down now, without
   * the grace period for writes in flight. */
  public static void runHook() {
    AtomicFiles.cleanUpAtShutdown(0);
  }
}
