package dev.lamina.training.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes little-endian values to a stream through a fixed buffer, keeping a CRC32C of every byte
 * written; {@link #finish} appends that checksum. Not thread-safe.
 */
final class LeOutput {
  private static final int BUFFER_BYTES = 1 << 16;

  private final OutputStream out;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();

  LeOutput(OutputStream out) {
    this.out = out;
  }

  void bytes(byte[] values) throws IOException {
    for (byte b : values) {
      u8(b & 0xFF);
    }
  }

  void u8(int value) throws IOException {
    room(1).put((byte) value);
  }

  void i32(int value) throws IOException {
    room(4).putInt(value);
  }

  void i64(long value) throws IOException {
    room(8).putLong(value);
  }

  void f64(double value) throws IOException {
    room(8).putLong(Double.doubleToRawLongBits(value));
  }

  /** A u32 byte length followed by the UTF-8 bytes. */
  void string(String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    i32(utf8.length);
    for (byte b : utf8) {
      room(1).put(b);
    }
  }

  /** {@code count} float32 values from {@code values[offset...]}, bit for bit (NaN payloads kept). */
  void floats(float[] values, int offset, int count) throws IOException {
    int done = 0;
    while (done < count) {
      room(4);
      int n = Math.min(count - done, buffer.remaining() / 4);
      buffer.asFloatBuffer().put(values, offset + done, n);
      buffer.position(buffer.position() + 4 * n);
      done += n;
    }
  }

  /** Writes the CRC32C of everything written so far (not itself checksummed) and flushes. */
  void finish() throws IOException {
    drain();
    buffer.putInt((int) crc.getValue());
    out.write(buffer.array(), 0, buffer.position());
    buffer.clear();
    out.flush();
  }

  private ByteBuffer room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      drain();
    }
    return buffer;
  }

  private void drain() throws IOException {
    crc.update(buffer.array(), 0, buffer.position());
    out.write(buffer.array(), 0, buffer.position());
    buffer.clear();
  }
}
