package dev.lamina.training.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes little-endian values to a stream through a fixed buffer, keeping a CRC32C of every byte
 * written; {@link #finish} appends that checksum. Not thread-safe.
 */
final class LeOutput {
  private static final int BUFFER_BYTES = 1 << 16;

  private final OutputStream out;
  private final ByteBuffer buffer =
      ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
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

  /**
   * A u32 byte length followed by the UTF-8 bytes. Throws {@link IllegalArgumentException} for a
   * string that is not valid Unicode (an unpaired surrogate), which UTF-8 cannot carry unchanged.
   */
  void string(String value) throws IOException {
    ByteBuffer utf8;
    try {
      utf8 =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "cannot save the string '" + value + "': it is not valid Unicode", e);
    }
    i32(utf8.remaining());
    while (utf8.hasRemaining()) {
      room(1).put(utf8.get());
    }
  }

  /**
   * {@code count} float32 values from {@code values[offset...]}, bit for bit (NaN payloads kept).
   */
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
