package dev.lamina.training.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Hand-made model files for tests: any body, framed with the magic, a version and a valid checksum.
 */
final class Crafted {
  private Crafted() {}

  interface Body {
    void write(LeOutput out) throws IOException;
  }

  /** Magic, {@code version}, {@code body}, then a correct CRC32C. */
  static byte[] file(int version, Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LeOutput out = new LeOutput(bytes);
    try {
      out.bytes(ModelFormat.MAGIC);
      out.i32(version);
      body.write(out);
      out.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] file(Body body) {
    return file(ModelFormat.VERSION, body);
  }

  /**
   * Rewrites the last four bytes with the CRC32C of the rest, so a damaged body reaches the parser.
   */
  static byte[] withValidChecksum(byte[] bytes) {
    if (bytes.length >= ModelFormat.FRAME_BYTES) {
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      ByteBuffer.wrap(bytes)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt(bytes.length - 4, (int) crc.getValue());
    }
    return bytes;
  }

  /** Input shape [4], one layer {@code sq} of type TestSquare. */
  static void oneLayerArchitecture(LeOutput o) throws IOException {
    oneLayerArchitecture(o, "sq", "TestSquare");
  }

  /** Input shape [4], one layer {@code name} of type {@code type}, no configuration. */
  static void oneLayerArchitecture(LeOutput o, String name, String type) throws IOException {
    shape(o, 4);
    o.i32(1);
    o.string(name);
    o.string(type);
    o.i32(0);
    o.i32(0);
  }

  static void shape(LeOutput o, int... dims) throws IOException {
    o.i32(dims.length);
    for (int d : dims) {
      o.i32(d);
    }
  }

  /** A complete valid file: one parameterless layer, no parameters, no state. */
  static byte[] minimal() {
    return minimal("sq", "TestSquare");
  }

  /** As {@link #minimal()}, its one layer named {@code name}, of type {@code type}. */
  static byte[] minimal(String name, String type) {
    return file(
        o -> {
          oneLayerArchitecture(o, name, type);
          o.i32(0);
          o.u8(0);
        });
  }
}
