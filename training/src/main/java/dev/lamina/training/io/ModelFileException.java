package dev.lamina.training.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded: it is not a Lamina model file, is damaged (truncated,
 * checksum mismatch, impossible sizes), comes from a newer format version, or names a layer type
 * that is not registered. The message names the file and the defect.
 */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * A defect {@code problem} found in {@code source} (a file name, or a description of the bytes).
   */
  public ModelFileException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** As {@link #ModelFileException(String, String)}, caused by {@code cause}. */
  public ModelFileException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file (or byte source) that was being read. */
  public String source() {
    return source;
  }
}
