package dev.lamina.training.io;

import dev.lamina.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Parses a whole model file held in memory into a {@link ModelDescription}: checks the magic, the
 * format version and the checksum first, then reads every field with its length checked against the
 * bytes that remain. Creates no layer. Names and strings read from the file enter messages only
 * through {@link FileText#shown}.
 */
final class ModelReader {
  private ModelReader() {}

  static ModelDescription read(String source, byte[] bytes) throws ModelFileException {
    checkFrame(source, bytes);
    LeInput in = new LeInput(source, bytes, ModelFormat.MAGIC.length, bytes.length - 4);
    in.i32("format version");
    Shape inputShape = shape(in, "model input shape");
    List<LayerSpec> layers = layers(in, "", 0);
    List<ParameterRecord> parameters = parameters(in);
    TrainingState state = optionalState(in);
    if (in.remaining() != 0) {
      throw in.defect(
          "%d unexpected bytes at offset %d before the checksum",
          in.remaining(), in.position());
    }
    return new ModelDescription(inputShape, layers, parameters, state, in);
  }

  /**
   * Checks what the first {@code available} bytes can tell: that the file is not empty, starts with
   * the magic and, once the whole file is at hand ({@code available == length}, the file's
   * length), has a version this reader knows. An unknown version in a file whose checksum (as this
   * format frames it) does not match is called damaged rather than newer: a flipped bit in the
   * version field is likelier than a newer file whose checksum fails too.
   */
  static void checkHeader(String source, byte[] bytes, int available, long length)
      throws ModelFileException {
    if (length == 0) {
      throw new ModelFileException(source, "the file is empty; it is not a Lamina model file");
    }
    int magic = ModelFormat.MAGIC.length;
    int seen = Math.min(magic, available);
    if (!Arrays.equals(bytes, 0, seen, ModelFormat.MAGIC, 0, seen)) {
      throw new ModelFileException(
          source,
          "not a Lamina model file: it starts with "
              + hex(bytes, seen)
              + ", expected "
              + hex(ModelFormat.MAGIC, magic));
    }
    if (length < ModelFormat.FRAME_BYTES || available < magic + 4) {
      throw new ModelFileException(
          source, "truncated: " + length + " bytes is too short for a model file");
    }
    if (available < length) {
      return; // the version is judged with the checksum, once the whole file is read
    }
    int version = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(magic);
    if (version > 0 && version <= ModelFormat.VERSION) {
      return;
    }
    String field = "format version " + Integer.toUnsignedString(version);
    if (!checksumMatches(bytes)) {
      throw new ModelFileException(source, field + " (this Lamina reads " + ModelFormat.VERSION
          + ") and a checksum that does not match: the file is damaged or truncated");
    }
    if (version == 0) {
      throw new ModelFileException(source, field + " is not a valid version (damaged file)");
    }
    throw new ModelFileException(source, field + " is newer than this Lamina reads ("
        + ModelFormat.VERSION + "); load it with a newer Lamina");
  }

  /** Whether the last 4 bytes hold the CRC-32C of the others, as this format frames a file. */
  private static boolean checksumMatches(byte[] bytes) {
    return storedChecksum(bytes) == computedChecksum(bytes);
  }

  /** The checksum in the last 4 bytes. */
  private static int storedChecksum(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(bytes.length - 4);
  }

  /** The CRC-32C of all but the last 4 bytes. */
  private static int computedChecksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    return (int) crc.getValue();
  }

  private static void checkFrame(String source, byte[] bytes) throws ModelFileException {
    checkHeader(source, bytes, bytes.length, bytes.length);
    int stored = storedChecksum(bytes);
    int computed = computedChecksum(bytes);
    if (stored != computed) {
      throw ModelFileException.formatted(
          source,
          "checksum mismatch (stored %08x, computed %08x): the file is damaged or truncated",
          stored, computed);
    }
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
    }
    return count == 0 ? "(nothing)" : s.toString();
  }

  private static Shape shape(LeInput in, String what) throws ModelFileException {
    int at = in.position();
    int rank = in.count(what + " rank", 4);
    if (rank > ModelFormat.MAX_RANK) {
      throw in.defect(
          "%s at offset %d has rank %d, more than %d", what, at, rank, ModelFormat.MAX_RANK);
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = in.i32(what);
      size *= Math.max(dims[i], 1);
      if (dims[i] <= 0 || size > Integer.MAX_VALUE) {
        throw in.defect(
            "%s at offset %d is not a valid shape (dimension %d is %d, %s elements so far)",
            what, at, i, dims[i], size);
      }
    }
    return Shape.of(dims);
  }

  private static List<LayerSpec> layers(LeInput in, String prefix, int depth)
      throws ModelFileException {
    if (depth > ModelFormat.MAX_NESTING) {
      throw in.defect(
          "models are nested more than "
              + ModelFormat.MAX_NESTING
              + " deep at "
              + FileText.shown(prefix));
    }
    String where = prefix.isEmpty() ? "model" : FileText.shown(prefix);
    int count = in.count("layer count of " + where, ModelFormat.MIN_LAYER_BYTES);
    List<LayerSpec> layers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = in.string("name of layer " + (i + 1) + " of " + where);
      String shown = FileText.shown(prefix + name);
      String type = in.string("type of layer " + shown);
      LayerConfig config = config(in, shown);
      List<LayerSpec> children = layers(in, prefix + name + "/", depth + 1);
      layers.add(new LayerSpec(name, type, config, children));
    }
    return layers;
  }

  /** A layer's configuration; {@code layer} names the layer, already {@link FileText#shown}. */
  private static LayerConfig config(LeInput in, String layer) throws ModelFileException {
    int count = in.count("configuration size of layer " + layer, ModelFormat.MIN_ENTRY_BYTES);
    LayerConfig.Builder config = LayerConfig.builder();
    String previous = null;
    for (int i = 0; i < count; i++) {
      String key = in.string("configuration key of layer " + layer);
      if (previous != null && previous.compareTo(key) >= 0) {
        throw in.defect(
            "configuration keys of layer %s are not in strictly ascending order ('%s' after"
                + " '%s')",
            layer, FileText.shown(key), FileText.shown(previous));
      }
      if (key.isEmpty()) {
        throw in.defect("layer " + layer + " has an empty configuration key");
      }
      previous = key;
      config.put(key, configValue(in, layer + " '" + FileText.shown(key) + "'"));
    }
    return config.build();
  }

  private static Object configValue(LeInput in, String what) throws ModelFileException {
    int at = in.position();
    int tag = in.u8("value type of " + what);
    ConfigType type = ConfigType.ofTag(tag);
    if (type == null) {
      throw in.defect(
          "configuration value %s at offset %d has unknown type tag %d", what, at, tag);
    }
    switch (type) {
      case INT:
        return in.i32(what);
      case LONG:
        return in.i64(what);
      case DOUBLE:
        return in.f64(what);
      case BOOLEAN:
        return bool(in, what);
      case STRING:
        return in.string(what);
      case INTS:
        int n = in.count("length of " + what, 4);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
          values[i] = in.i32(what);
        }
        return values;
      default:
        throw new AssertionError(type);
    }
  }

  private static boolean bool(LeInput in, String what) throws ModelFileException {
    int at = in.position();
    int b = in.u8(what);
    if (b > 1) {
      throw in.defect("boolean %s at offset %d is %d, not 0 or 1", what, at, b);
    }
    return b == 1;
  }

  private static List<ParameterRecord> parameters(LeInput in) throws ModelFileException {
    int count = in.count("parameter count", ModelFormat.MIN_PARAMETER_BYTES);
    List<ParameterRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = in.string("name of parameter " + (i + 1));
      String shown = FileText.shown(name);
      Shape shape = shape(in, "shape of parameter " + shown);
      int offset = in.skipFloats(shape.size(), "values of parameter " + shown);
      checkFinite(in, shown, shape, offset);
      records.add(new ParameterRecord(name, shape, offset));
    }
    return records;
  }

  /**
   * Refuses a parameter ({@code shown}, of {@code shape}, values at byte {@code offset}) holding a
   * NaN or an infinity, naming the first.
   */
  private static void checkFinite(LeInput in, String shown, Shape shape, int offset)
      throws ModelFileException {
    int bad = in.firstNonFinite(offset, shape.size());
    if (bad >= 0) {
      throw in.defect(
          "parameter %s %s holds %s at index %d (offset %d): parameters must be finite",
          shown, shape, in.floatAt(offset + 4 * bad), bad, offset + 4 * bad);
    }
  }

  /** The training state, or null; its arrays may hold any value, NaN and infinities included. */
  private static TrainingState optionalState(LeInput in) throws ModelFileException {
    if (!bool(in, "training state marker")) {
      return null;
    }
    TrainingState.Builder state = TrainingState.builder();
    int arrays = in.count("training state array count", 8);
    String previous = null;
    for (int i = 0; i < arrays; i++) {
      String name = previous = ascending(in, in.string("training state array name"), previous);
      String shown = FileText.shown(name);
      long length = Integer.toUnsignedLong(in.i32("length of training state array " + shown));
      state.putArray(name, in.floats(length, "training state array " + shown));
    }
    int longs = in.count("training state long count", 12);
    previous = null;
    for (int i = 0; i < longs; i++) {
      String name = previous = ascending(in, in.string("training state long name"), previous);
      state.putLong(name, in.i64("training state long " + FileText.shown(name)));
    }
    int doubles = in.count("training state double count", 12);
    previous = null;
    for (int i = 0; i < doubles; i++) {
      String name = previous = ascending(in, in.string("training state double name"), previous);
      state.putDouble(name, in.f64("training state double " + FileText.shown(name)));
    }
    int strings = in.count("training state string count", 8);
    previous = null;
    for (int i = 0; i < strings; i++) {
      String name = previous = ascending(in, in.string("training state string name"), previous);
      state.putString(name, in.string("training state string " + FileText.shown(name)));
    }
    return state.build();
  }

  private static String ascending(LeInput in, String name, String previous)
      throws ModelFileException {
    if (name.isEmpty() || (previous != null && previous.compareTo(name) >= 0)) {
      throw in.defect(
          "training state names must be non-empty and strictly ascending ('"
              + FileText.shown(name)
              + "' after '"
              + (previous == null ? null : FileText.shown(previous))
              + "')");
    }
    return name;
  }
}
