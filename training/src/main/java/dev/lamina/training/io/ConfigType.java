package dev.lamina.training.io;

/** The kinds of value a {@link LayerConfig} holds, with the tag byte each has in a model file. */
enum ConfigType {
  INT(1, "an int"),
  LONG(2, "a long"),
  DOUBLE(3, "a double"),
  BOOLEAN(4, "a boolean"),
  STRING(5, "a string"),
  INTS(6, "an int[]");

  private final int tag;
  private final String description;

  ConfigType(int tag, String description) {
    this.tag = tag;
    this.description = description;
  }

  int tag() {
    return tag;
  }

  String description() {
    return description;
  }

  /** The type with file tag {@code tag}, or null when no type has it. */
  static ConfigType ofTag(int tag) {
    for (ConfigType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    return null;
  }

  /** The type of a stored value (one of Integer, Long, Double, Boolean, String, int[]). */
  static ConfigType of(Object value) {
    if (value instanceof Integer) {
      return INT;
    } else if (value instanceof Long) {
      return LONG;
    } else if (value instanceof Double) {
      return DOUBLE;
    } else if (value instanceof Boolean) {
      return BOOLEAN;
    } else if (value instanceof String) {
      return STRING;
    } else if (value instanceof int[]) {
      return INTS;
    }
    throw new IllegalArgumentException("not a configuration value: " + value.getClass().getName());
  }
}
