package dev.lamina.training.io;

/** Constants of the model file format; the byte-level specification is in {@link ModelFiles}. */
final class ModelFormat {
  /** {@code 89 4C 4D 46 0D 0A 1A 0A}: a non-ASCII first byte, "LMF", then CR LF, EOF and LF. */
  static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'F', '\r', '\n', 0x1A, '\n'};

  static final int VERSION = 1;

  /** Magic, version and checksum: the smallest a file can be before its body. */
  static final int FRAME_BYTES = MAGIC.length + 4 + 4;

  static final int MAX_RANK = 32;
  static final int MAX_NESTING = 32;

  /** The smallest encoded layer: name, type, config count and child count (empty strings). */
  static final int MIN_LAYER_BYTES = 16;

  /** The smallest encoded parameter record: a name length and a rank. */
  static final int MIN_PARAMETER_BYTES = 8;

  /** The smallest encoded config entry: a key length, a tag and a boolean. */
  static final int MIN_ENTRY_BYTES = 6;

  private ModelFormat() {}
}
