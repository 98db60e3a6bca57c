package dev.lamina.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Says in words what an I/O exception means, for a message that names the file already: never
 * a class name (an {@code EOFException} becomes "the data ends early"), else the JDK's own message.
 */
final class IoProblems {
  private IoProblems() {}

  /** What went wrong, e.g. {@code the data ends early} or {@code Corrupt GZIP trailer}. */
  static String describe(IOException e) {
    if (e instanceof EOFException) {
      return "the data ends early";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    String message = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
    return message == null || message.isBlank() ? "read error" : message;
  }
}
