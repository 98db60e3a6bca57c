package dev.lamina.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening data files that may or may not be gzip-compressed, told apart by their first bytes. */
final class IdxStreams {
  static final int BUFFER = 1 << 16;

  private IdxStreams() {}

  /** Whether the stream starts with the gzip magic 1f 8b; {@code in} must support mark. */
  static boolean startsWithGzipMagic(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  /**
   * The uncompressed content of {@code file}, gunzipped when it starts with the gzip magic (data
   * after the gzip stream fails the read, see {@link StrictGzipInputStream}).
   */
  static InputStream openContent(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      return startsWithGzipMagic(raw) ? new StrictGzipInputStream(raw, BUFFER) : raw;
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }
}
