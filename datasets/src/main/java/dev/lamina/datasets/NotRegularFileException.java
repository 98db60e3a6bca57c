package dev.lamina.datasets;

import java.nio.file.FileSystemException;

/**
 * A file that {@link AtomicFiles} will not replace: it exists and is not a regular file (nor a
 * symbolic link to one), but a folder, a device, a named pipe or a socket. {@link #getFile} is its
 * path; {@link #getReason} says what it is, as in {@code "it is a device, not a regular file"}.
 */
public final class NotRegularFileException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  /** For {@code file}, which is {@code what} (such as {@code "a device"}). */
  NotRegularFileException(String file, String what) {
    super(file, null, "it is " + what + ", not a regular file");
  }
}
