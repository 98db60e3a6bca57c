package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.primitives.Ints;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A layer's configuration as plain named values: {@code int}, {@code long}, {@code double}, {@code
 * boolean}, {@code String} and {@code int[]}. It is what a {@link LayerRegistry} codec turns a
 * layer into when saving and back into a new layer when loading. Immutable; keys are kept in sorted
 * order so the same configuration always writes the same bytes. A {@code float} setting is stored
 * as a {@code double} (the conversion back to {@code float} is exact).
 *
 * <pre>{@code
 * LayerConfig config = LayerConfig.builder().putInt("units", 64).putDouble("slope", 0.01).build();
 * int units = config.getInt("units");
 * }</pre>
 *
 * Getters throw {@link IllegalArgumentException} naming the key when it is missing or holds another
 * type; the loader reports that as a damaged file.
 */
public final class LayerConfig {
  private static final LayerConfig EMPTY = new LayerConfig(new TreeMap<>());

  /** How many values of an {@code int[]} {@link #toString} shows. */
  private static final int SHOWN_INTS = 8;

  private final TreeMap<String, Object> values;

  private LayerConfig(TreeMap<String, Object> values) {
    this.values = values;
  }

  /** The configuration with no values, for layers without settings. */
  public static LayerConfig empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The keys, in sorted order. */
  public NavigableSet<String> keys() {
    return Collections.unmodifiableNavigableSet(values.navigableKeySet());
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public int size() {
    return values.size();
  }

  public int getInt(String key) {
    return (Integer) get(key, ConfigType.INT);
  }

  public long getLong(String key) {
    return (Long) get(key, ConfigType.LONG);
  }

  public double getDouble(String key) {
    return (Double) get(key, ConfigType.DOUBLE);
  }

  public boolean getBoolean(String key) {
    return (Boolean) get(key, ConfigType.BOOLEAN);
  }

  public String getString(String key) {
    return (String) get(key, ConfigType.STRING);
  }

  /** A copy of the {@code int[]} stored under {@code key}. */
  public int[] getInts(String key) {
    return ((int[]) get(key, ConfigType.INTS)).clone();
  }

  /** The stored value (not copied) for the writer. */
  Object rawValue(String key) {
    return values.get(key);
  }

  private Object get(String key, ConfigType type) {
    Object value = values.get(key);
    checkArgument(value != null, "configuration has no '%s' (it has %s)", key, values.keySet());
    ConfigType actual = ConfigType.of(value);
    checkArgument(
        actual == type,
        "configuration value '%s' is %s, not %s",
        key,
        actual.description(),
        type.description());
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LayerConfig)) {
      return false;
    }
    Map<String, Object> other = ((LayerConfig) o).values;
    if (!values.keySet().equals(other.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!Objects.deepEquals(e.getValue(), other.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      int vh = v instanceof int[] ? Arrays.hashCode((int[]) v) : v.hashCode();
      h += e.getKey().hashCode() ^ vh;
    }
    return h;
  }

  /**
   * The values as {@code {key=value, ...}}, for messages: keys and strings are escaped and
   * shortened as by {@link FileText#shown} (a configuration read from a file may hold anything), an
   * {@code int[]} longer than {@value #SHOWN_INTS} shows its first values and its length.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(FileText.shown(e.getKey())).append('=').append(shown(e.getValue()));
    }
    return s.append('}').toString();
  }

  private static String shown(Object value) {
    if (value instanceof String) {
      return FileText.shown((String) value);
    }
    if (!(value instanceof int[])) {
      return String.valueOf(value);
    }
    int[] ints = (int[]) value;
    if (ints.length <= SHOWN_INTS) {
      return Arrays.toString(ints);
    }
    return "[" + Ints.join(", ", Arrays.copyOf(ints, SHOWN_INTS)) + ", ... (" + ints.length
        + " values)]";
  }

  /** Collects values for a {@link LayerConfig}; each key may be set once. */
  public static final class Builder {
    private final TreeMap<String, Object> values = new TreeMap<>();

    private Builder() {}

    public Builder putInt(String key, int value) {
      return put(key, value);
    }

    public Builder putLong(String key, long value) {
      return put(key, value);
    }

    public Builder putDouble(String key, double value) {
      return put(key, value);
    }

    public Builder putBoolean(String key, boolean value) {
      return put(key, value);
    }

    public Builder putString(String key, String value) {
      return put(key, checkNotNull(value, "configuration value '%s' is null", key));
    }

    /** Stores a copy of {@code value}. */
    public Builder putInts(String key, int[] value) {
      return put(key, checkNotNull(value, "configuration value '%s' is null", key).clone());
    }

    Builder put(String key, Object value) {
      checkArgument(key != null && !key.isEmpty(), "a configuration key must not be empty");
      checkArgument(
          values.putIfAbsent(key, value) == null, "configuration key '%s' is set twice", key);
      return this;
    }

    public LayerConfig build() {
      return values.isEmpty() ? EMPTY : new LayerConfig(new TreeMap<>(values));
    }
  }
}
