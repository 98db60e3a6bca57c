package dev.lamina.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/** Writes IDX bytes for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An IDX file of unsigned bytes with the given dimensions and payload. */
  static byte[] idx(int[] dims, byte[] payload) {
    return idx(0x00000800 | dims.length, dims, payload);
  }

  /** An IDX file with an arbitrary magic word. */
  static byte[] idx(int magic, int[] dims, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(payload);
    return b.array();
  }

  /** {@code n} images of {@code rows x cols} whose pixel j of image i is {@code (i + j) % 256}. */
  static byte[] images(int n, int rows, int cols) {
    byte[] payload = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < rows * cols; j++) {
        payload[i * rows * cols + j] = (byte) (i + j);
      }
    }
    return idx(new int[] {n, rows, cols}, payload);
  }

  /** Labels {@code values}. */
  static byte[] labels(int... values) {
    byte[] payload = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      payload[i] = (byte) values[i];
    }
    return idx(new int[] {values.length}, payload);
  }

  /**
   * Writes {@code header} at the start of a sparse file of {@code size} bytes (zeros after the
   * header take no disk space), for large files that must never be read whole.
   */
  static Path sparse(Path file, byte[] header, long size) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      channel.write(ByteBuffer.wrap(header));
      channel.position(size - 1).write(ByteBuffer.allocate(1));
    }
    return file;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
