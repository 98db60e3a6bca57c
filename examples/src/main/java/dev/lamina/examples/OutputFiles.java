package dev.lamina.examples;

import dev.lamina.datasets.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the command line's output files (reports, plots) completely or not at all through {@link
 * AtomicFiles}, creating the folder when missing.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** Writes {@code target} completely or not at all, creating its folder when missing. */
  static void write(Path target, AtomicFiles.Content content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    AtomicFiles.write(target, content);
  }

  /**
   * Before the work starts: creates {@code target}'s folder when missing and checks that a file can
   * be created in it, so that an output that cannot be written fails at once, naming {@code
   * option}, rather than after the training it was to record. Creates and deletes one empty probe
   * file there; the target itself is not touched.
   *
   * @throws CliFailure naming {@code option} and {@code target} when the folder cannot be made or
   *     written, or {@code target} is a folder
   */
  public static void checkWritable(String option, Path target) {
    if (Files.isDirectory(target)) {
      throw new CliFailure(option + ": cannot write " + target + ": it is a folder");
    }
    Path folder = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      throw new CliFailure(
          option + ": cannot write " + target + ": " + e.getFile() + " is a file, not a folder", e);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot write " + target + ": " + CliErrors.describe(e), e);
    }
    try {
      Files.delete(Files.createTempFile(folder, ".lamina-", ".probe"));
    } catch (IOException e) {
      throw new CliFailure(
          option + ": cannot write " + target + ": cannot create a file in " + folder, e);
    }
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
