package dev.lamina.training.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian values from a byte range, checking every length against the bytes that remain
 * before allocating anything; a read past the end is a {@link ModelFileException} naming the
 * source, the field and the offset.
 */
final class LeInput {
  private final String source;
  private final ByteBuffer buffer;

  /** Reads {@code bytes[start, end)}; offsets in messages count from {@code bytes[0]}. */
  LeInput(String source, byte[] bytes, int start, int end) {
    this.source = source;
    this.buffer = ByteBuffer.wrap(bytes, 0, end).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(start);
  }

  int position() {
    return buffer.position();
  }

  int remaining() {
    return buffer.remaining();
  }

  ModelFileException defect(String problem) {
    return new ModelFileException(source, problem);
  }

  /** A defect described by {@code format} filled with {@code args}, as {@link String#format}. */
  ModelFileException defect(String format, Object... args) {
    return ModelFileException.formatted(source, format, args);
  }

  int u8(String what) throws ModelFileException {
    need(1, what);
    return buffer.get() & 0xFF;
  }

  int i32(String what) throws ModelFileException {
    need(4, what);
    return buffer.getInt();
  }

  long i64(String what) throws ModelFileException {
    need(8, what);
    return buffer.getLong();
  }

  double f64(String what) throws ModelFileException {
    return Double.longBitsToDouble(i64(what));
  }

  /**
   * A u32 count of items that each take at least {@code minBytesEach} bytes; fails unless that many
   * items can fit in the bytes that remain.
   */
  int count(String what, int minBytesEach) throws ModelFileException {
    int at = buffer.position();
    long n = Integer.toUnsignedLong(i32(what));
    if (n * minBytesEach > buffer.remaining()) {
      throw defect(
          "%s at offset %d is %d, but only %d bytes remain (truncated or damaged)",
          what, at, n, buffer.remaining());
    }
    return (int) n;
  }

  /** A u32 byte length and that many bytes of strictly valid UTF-8. */
  String string(String what) throws ModelFileException {
    int length = count("length of " + what, 1);
    int at = buffer.position();
    ByteBuffer slice = buffer.slice();
    slice.limit(length);
    buffer.position(at + length);
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(slice);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw defect("%s at offset %d is not valid UTF-8", what, at);
    }
  }

  /** Skips {@code count} float32 values, returning the offset where they start. */
  int skipFloats(long count, String what) throws ModelFileException {
    need(count * 4, what);
    int at = buffer.position();
    buffer.position(at + (int) (count * 4));
    return at;
  }

  /**
   * The index of the first of the {@code count} float32 values starting at byte {@code offset}
   * (already checked to be present) that is NaN or infinite, or -1 when all are finite.
   */
  int firstNonFinite(int offset, int count) {
    for (int i = 0; i < count; i++) {
      if (!Float.isFinite(buffer.getFloat(offset + 4 * i))) {
        return i;
      }
    }
    return -1;
  }

  /** The float32 at byte {@code offset} (already checked to be present). */
  float floatAt(int offset) {
    return buffer.getFloat(offset);
  }

  /** Reads {@code count} float32 values into a new array, after checking they are present. */
  float[] floats(long count, String what) throws ModelFileException {
    need(count * 4, what);
    float[] values = new float[(int) count];
    buffer.asFloatBuffer().get(values);
    buffer.position(buffer.position() + 4 * values.length);
    return values;
  }

  /**
   * Copies {@code count} float32 values starting at byte {@code offset} into {@code destination}.
   */
  void copyFloats(int offset, float[] destination, int destinationOffset, int count) {
    ByteBuffer at = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    at.position(offset);
    at.asFloatBuffer().get(destination, destinationOffset, count);
  }

  private void need(long bytes, String what) throws ModelFileException {
    if (bytes > buffer.remaining()) {
      throw defect(
          "%s at offset %d needs %d bytes, but only %d remain (truncated or damaged)",
          what, buffer.position(), bytes, buffer.remaining());
    }
  }
}
