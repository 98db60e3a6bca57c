package dev.lamina.examples;

import dev.lamina.datasets.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the command line's output files (reports, plots) completely or not at all through {@link
 * AtomicFiles}, creating the folder when missing.
 */
final class OutputFiles {
  private OutputFiles() {}

  /** Writes {@code target} completely or not at all, creating its folder when missing. */
  static void write(Path target, AtomicFiles.Content content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    AtomicFiles.write(target, content);
  }

  /** Like {@link #write}, turning a failure into a {@link CliFailure} naming {@code option}. */
  static void writeFor(String option, Path target, AtomicFiles.Content content) {
    try {
      write(target, content);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot write " + target + ": " + CliErrors.describe(e), e);
    }
  }
}
