package dev.lamina.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary file in the same folder that is then renamed over the target
 * ({@code ATOMIC_MOVE} where the file system allows), so a crash never leaves a half-written report or plot behind.
 */
final class AtomicFiles {
  /** Writes the content of a file to a stream. */
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code target} completely or not at all, creating its folder when missing. */
  static void write(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path folder = Files.createDirectories(absolute.getParent());
    Path temp = Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        writer.write(out);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Like {@link #write}, turning a failure into a {@link CliFailure} naming {@code option}. */
  static void writeFor(String option, Path target, Writer writer) {
    try {
      write(target, writer);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot write " + target + ": " + CliErrors.describe(e), e);
    }
  }
}
