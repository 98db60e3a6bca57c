package dev.lamina.datasets;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finding data files in a folder and hashing their uncompressed content. */
final class DataFiles {
  /** No MNIST-style file comes near this; a larger content is rejected rather than stored. */
  static final long MAX_CONTENT_BYTES = 1L << 30;

  private DataFiles() {}

  /** {@code dir/name} if it exists, else {@code dir/name.gz} if that exists. */
  static Optional<Path> locate(Path dir, String name) {
    for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The lower-case hex SHA-256 of {@code file}'s content, gunzipped when it is gzip. */
  static String contentSha256(Path file) throws IOException {
    return copyContent(file, OutputStream.nullOutputStream());
  }

  /**
   * Writes {@code file}'s uncompressed content to {@code out} and returns its SHA-256.
   *
   * @throws IOException also when the content exceeds {@link #MAX_CONTENT_BYTES}
   */
  static String copyContent(Path file, OutputStream out) throws IOException {
    try (HashingInputStream in =
        new HashingInputStream(Hashing.sha256(), IdxStreams.openContent(file))) {
      byte[] buffer = new byte[IdxStreams.BUFFER];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > MAX_CONTENT_BYTES) {
          throw new IOException(file.getFileName() + ": content exceeds " + MAX_CONTENT_BYTES
              + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return in.hash().toString();
    }
  }
}
