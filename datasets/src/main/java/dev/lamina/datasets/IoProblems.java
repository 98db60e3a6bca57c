package dev.lamina.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says in words what an I/O exception means, for a message that names the file already: never
 * a class name (an {@code EOFException} becomes "the data ends early"), else the JDK's own message.
 * The command line words its file failures with it too.
 */
public final class IoProblems {
  private IoProblems() {}

  /**
   * What went wrong, e.g. {@code the data ends early}, {@code permission denied} or {@code
   * Corrupt GZIP trailer}.
   */
  public static String describe(IOException e) {
    if (e instanceof EOFException) {
      return "the data ends early";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException fs) {
      return fs.getReason() == null || fs.getReason().isBlank() ? "no such file" : fs.getReason();
    }
    if (e instanceof NotDirectoryException) {
      return "a file, not a folder";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() == null || fs.getReason().isBlank() ? "cannot be accessed"
          : fs.getReason();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "read error" : message;
  }
}
