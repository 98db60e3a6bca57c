package dev.lamina.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Says in words what an I/O exception means, for a message that names the file already: never
 * a class name (an {@code EOFException} becomes "the data ends early"), else the JDK's own message;
 * and what kind of file stands where a regular file was expected. The command line words its file
 * failures with it too.
 */
public final class IoProblems {
  private IoProblems() {}

  /**
   * What {@code file}, which exists and is not a regular file, is: {@code a folder}, {@code a named
   * pipe (FIFO)}, {@code a device}, {@code a socket}, or, where the file system has no Unix mode
   * bits, {@code a special file (a device, pipe or socket)}.
   */
  public static String fileKind(Path file) {
    if (Files.isDirectory(file)) {
      return "a folder";
    }
    try {
      // the file type bits of st_mode, where the platform has them (Linux, macOS)
      switch ((Integer) Files.getAttribute(file, "unix:mode") & 0170000) {
        case 0010000:
          return "a named pipe (FIFO)";
        case 0020000:
        case 0060000:
          return "a device";
        case 0140000:
          return "a socket";
        default:
          break;
      }
    } catch (IOException | RuntimeException e) {
      // no "unix" view here: said in general below
    }
    return "a special file (a device, pipe or socket)";
  }

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
