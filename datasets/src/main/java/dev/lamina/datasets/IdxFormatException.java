package dev.lamina.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that is missing, damaged or not what it should be. The message is one line that
 * starts with the file's name and says what is wrong, e.g. {@code t10k-images-idx3-ubyte:
 * truncated: header promises 7840016 bytes, file has 78416}.
 */
public class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String defect;

  /** A defect of {@code file}; {@code defect} says what is wrong. */
  public IdxFormatException(Path file, String defect) {
    this(file, defect, null);
  }

  /** A defect of {@code file} detected through {@code cause}. */
  public IdxFormatException(Path file, String defect, Throwable cause) {
    super(file.getFileName() + ": " + defect, cause);
    this.file = file;
    this.defect = defect;
  }

  /** The offending file (which may not exist). */
  public Path file() {
    return file;
  }

  /** What is wrong, without the file name. */
  public String defect() {
    return defect;
  }
}
