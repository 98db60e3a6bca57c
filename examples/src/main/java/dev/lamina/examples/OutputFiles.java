package dev.lamina.examples;

import dev.lamina.datasets.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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
   * Before the work starts: checks that {@code target} could be written, so that an output that
   * cannot be written fails at once, naming {@code option}, rather than after the training it was
   * to record. Creates nothing that stays: missing folders are left for {@link #write} to create,
   * and the check creates and deletes one empty probe file in the nearest folder that exists. A
   * null {@code target} (the option was not given) passes.
   *
   * @throws CliFailure naming {@code option} and {@code target} when {@code target} is a folder,
   *     a file stands where a folder of its path should be, or no file can be created in the
   *     nearest existing folder
   */
  public static void checkWritable(String option, Path target) {
    if (target == null) {
      return;
    }
    String cannot = option + ": cannot write " + target + ": ";
    if (Files.isDirectory(target)) {
      throw new CliFailure(cannot + "it is a folder");
    }
    // Not a folder, so not the root: it has a parent, and the walk up ends at the root at worst.
    Path existing = target.toAbsolutePath().getParent();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new CliFailure(cannot + existing + " is a file, not a folder");
    }
    Path probe;
    try {
      probe = Files.createTempFile(existing, ".lamina-", ".probe");
    } catch (IOException e) {
      throw new CliFailure(cannot + "cannot create a file in " + existing + reason(e), e);
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      throw new CliFailure(cannot + "could not delete the test file " + probe + reason(e), e);
    }
  }

  /** {@code " (why)"} for a file-system failure that says why, else {@code ""}. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return " (permission denied)";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return " (" + ((FileSystemException) e).getReason() + ")";
    }
    return "";
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
