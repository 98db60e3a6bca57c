package dev.lamina.training.io;

import java.io.IOException;
import java.util.Locale;

/**
 * A model file that cannot be loaded: it is not a Lamina model file, is damaged (truncated,
 * checksum mismatch, impossible sizes), comes from a newer format version, or names a layer type
 * that is not registered. The message names the file and the defect, on one line: control
 * characters in it (from the path, or quoted from the file by a layer codec) are escaped and a
 * message longer than about 2,000 characters loses its middle, never its start or end; the loader
 * itself escapes and shortens each name or string it quotes from the file.
 */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * A defect {@code problem} found in {@code source} (a file name, or a description of the bytes);
   * the message is {@code source + ": " + problem}, made one line.
   */
  public ModelFileException(String source, String problem) {
    super(FileText.oneLine(source + ": " + problem));
    this.source = source;
  }

  /** As {@link #ModelFileException(String, String)}, caused by {@code cause}. */
  public ModelFileException(String source, String problem, Throwable cause) {
    super(FileText.oneLine(source + ": " + problem), cause);
    this.source = source;
  }

  /**
   * A defect in {@code source} whose description is {@code format} filled with {@code args} (as
   * {@link String#format}, in {@link Locale#ROOT}, so numbers read the same everywhere).
   */
  static ModelFileException formatted(String source, String format, Object... args) {
    return formatted(source, null, format, args);
  }

  /** As {@link #formatted(String, String, Object...)}, caused by {@code cause} (may be null). */
  static ModelFileException formatted(String source, Throwable cause, String format,
      Object... args) {
    return new ModelFileException(source, String.format(Locale.ROOT, format, args), cause);
  }

  /** The file (or byte source) that was being read, as given (not escaped). */
  public String source() {
    return source;
  }
}
